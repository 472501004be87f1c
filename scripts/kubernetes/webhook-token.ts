// The inbox's bearer token. In compose the inbox creates it in a volume that Alertmanager mounts
// too, and alertmanager.yml's `http_config.authorization.credentials_file` names the file. On a
// cluster Alertmanager runs elsewhere, so the token is a Secret the user creates (README, "On
// Kubernetes"; never a committed value): the AlertmanagerConfig references it, and the pods that
// mounted that volume in compose get the file from it.
import path from 'node:path';
import { namedVolumesOf, type Sources } from './sources.js';

/** The key the Secret holds the token under. */
export const TOKEN_KEY = 'token';

export interface WebhookToken {
  /** The Secret's name: the file's name in compose (inbox-webhook-token). */
  secret: string;
  /** The compose volume Alertmanager reads the file from, shared with the service that writes it. */
  volume: string;
  /** The file's path inside that volume. */
  fileInVolume: string;
  /** The path alertmanager.yml gives, to recognise the webhooks that send it. */
  credentialsFile: string;
}

interface Webhook {
  http_config?: { authorization?: { credentials_file?: string } };
}

/** The token files alertmanager.yml's webhooks send, each traced to the compose volume it lives in. */
export function webhookTokens(sources: Sources): WebhookToken[] {
  const receivers = (sources.alertmanager.receivers ?? []) as Array<{ webhook_configs?: Webhook[] }>;
  const files = new Set(
    receivers.flatMap((receiver) => (receiver.webhook_configs ?? []).flatMap((w) => w.http_config?.authorization?.credentials_file ?? [])),
  );
  const alertmanager = sources.compose.services.alertmanager;
  return [...files].map((credentialsFile) => {
    const mount = namedVolumesOf(alertmanager ?? {}).find(({ target }) => credentialsFile.startsWith(`${target.replace(/\/$/, '')}/`));
    if (!mount) {
      throw new Error(
        `alertmanager.yml reads a token from ${credentialsFile}, which is in none of compose's alertmanager volumes: ` +
          'the generator cannot tell which service writes it',
      );
    }
    return {
      secret: path.posix.basename(credentialsFile),
      volume: mount.volume,
      fileInVolume: path.posix.relative(mount.target, credentialsFile),
      credentialsFile,
    };
  });
}
