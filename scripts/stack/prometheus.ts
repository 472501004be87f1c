import { getJson } from './wait.js';

export interface Sample {
  metric: Record<string, string>;
  value: [number, string];
}

export interface PrometheusAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  state: 'pending' | 'firing';
  activeAt: string;
}

/** The small part of the HTTP APIs of Prometheus (/api/v1) and Alertmanager (/api/v2) the tests and the bench use. */
export function prometheusApi(baseUrl: string) {
  return {
    async query(expr: string): Promise<Sample[]> {
      const url = `${baseUrl}/api/v1/query?query=${encodeURIComponent(expr)}`;
      const body = await getJson<{ status: string; data: { resultType: string; result: Sample[] | [number, string] } }>(url);
      const { resultType, result } = body.data;
      // Scalar and string results come as one pair; wrap them so callers see one shape.
      return resultType === 'vector' || resultType === 'matrix'
        ? (result as Sample[])
        : [{ metric: {}, value: result as [number, string] }];
    },
    async alerts(): Promise<PrometheusAlert[]> {
      const body = await getJson<{ data: { alerts: PrometheusAlert[] } }>(`${baseUrl}/api/v1/alerts`);
      return body.data.alerts;
    },
    async targets(): Promise<Array<{ labels: Record<string, string>; health: string; scrapeUrl: string }>> {
      const body = await getJson<{ data: { activeTargets: Array<{ labels: Record<string, string>; health: string; scrapeUrl: string }> } }>(
        `${baseUrl}/api/v1/targets?state=active`,
      );
      return body.data.activeTargets;
    },
  };
}

export interface AlertmanagerAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  status: { state: string };
  receivers: Array<{ name: string }>;
}

export function alertmanagerApi(baseUrl: string) {
  return {
    async alerts(alertname: string): Promise<AlertmanagerAlert[]> {
      const filter = encodeURIComponent(`alertname="${alertname}"`);
      return getJson<AlertmanagerAlert[]>(`${baseUrl}/api/v2/alerts?filter=${filter}`);
    },
  };
}
