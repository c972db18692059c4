import { DemoApi, DemoSummary, seedDemo } from '../../scripts/demo/seed';
import type { TestOrganization } from './test-app';

/**
 * Seeds the demo organization (`npm run demo`) through the test app's API as `org`'s platform admin:
 * two weeks of 2025 unless said otherwise.
 */
export function seedDemoThrough(
  org: TestOrganization,
  options: { year: number; days?: number } = { year: 2025, days: 14 },
): Promise<DemoSummary> {
  const api: DemoApi = {
    async request(method, path, body, organizationId) {
      const caller = organizationId ? org.platformAdmin.in(organizationId) : org.platformAdmin;
      const res = method === 'GET' ? await caller.get(path) : await caller.post(path, body as object);
      if (res.status >= 400) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body;
    },
  };
  return seedDemo(api, options);
}
