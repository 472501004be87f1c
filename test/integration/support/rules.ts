import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { projectRoot } from '../../../scripts/stack/compose.js';

interface Rule {
  alert?: string;
  record?: string;
  expr: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

/** The alerting rule named `alertname`, read from prometheus/rules/ so tests assert what the files say. */
export function alertRule(alertname: string): Rule {
  const dir = path.join(projectRoot, 'prometheus/rules');
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.yml') || f.endsWith('.yaml'))) {
    const doc = parse(readFileSync(path.join(dir, file), 'utf8')) as { groups: Array<{ rules: Rule[] }> };
    for (const group of doc.groups) {
      const rule = group.rules.find((r) => r.alert === alertname);
      if (rule) return rule;
    }
  }
  throw new Error(`no alerting rule named ${alertname} in prometheus/rules/`);
}
