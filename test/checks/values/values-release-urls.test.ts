import { describe, expect, it } from 'vitest';
import { valuesReleaseUrls as check } from '../../../src/checks/values/values-release-urls.js';
import { runFixture } from './support/run-fixture.js';

describe('values-release-urls', () => {
  it("passes with the default URLs under the release name 'daytona'", () => {
    expect(runFixture(check, 'default-urls').result.status).toBe('pass');
  });

  it("fails with release 'acme' and the default URLs, naming the right URL http://acme-daytona-api:3000/api", () => {
    const { result } = runFixture(check, 'default-urls', { release: 'acme' });
    expect(result.status).toBe('fail');
    expect(result.valuesPaths).toEqual(['services.runner.env.DAYTONA_API_URL', 'services.runner.env.SERVER_URL', 'services.runnermanager.env.SERVER_URL']);
    expect(result.message).toContain("services.runner.env.DAYTONA_API_URL points at 'daytona-api', but with release 'acme' the API Service is 'acme-daytona-api': set it to http://acme-daytona-api:3000/api");
    expect(result.evidence).toMatchObject({ release: 'acme', apiService: 'acme-daytona-api' });
  });

  it("uses the release name as is when it contains 'daytona' (daytona-prod → daytona-prod-api)", () => {
    const { result } = runFixture(check, 'default-urls', { release: 'daytona-prod' });
    expect(result.status).toBe('fail');
    expect(result.message).toContain('http://daytona-prod-api:3000/api');
  });

  it('passes with URLs adapted to the release, short or fully qualified', () => {
    expect(runFixture(check, 'urls-for-release-acme', { release: 'acme' }).result.status).toBe('pass');
  });

  it('passes with fullnameOverride: daytona under any release name', () => {
    expect(runFixture(check, 'fullname-override', { release: 'acme' }).result.status).toBe('pass');
  });

  it('passes when the runners use the public API URL or leave it to the chart', () => {
    expect(runFixture(check, 'public-api-url', { release: 'acme' }).result.status).toBe('pass');
  });

  it('only judges the URLs of enabled components', () => {
    const { result } = runFixture(check, 'default-urls', { release: 'acme', sets: ['services.runner.enabled=false'] });
    expect(result.status).toBe('fail');
    expect(result.valuesPaths).toEqual(['services.runnermanager.env.SERVER_URL']);
  });

  it('judges the <service>.<namespace> form of the in-cluster name too', () => {
    const { result } = runFixture(check, 'default-urls', { release: 'acme', sets: ['services.runner.env.DAYTONA_API_URL=http://daytona-api.daytona:3000/api'] });
    expect(result.status).toBe('fail');
    expect(result.message).toContain("services.runner.env.DAYTONA_API_URL points at 'daytona-api', but with release 'acme' the API Service is 'acme-daytona-api': set it to http://acme-daytona-api.daytona:3000/api");
  });

  it('names the Service as the chart does for a release name with dots (fullname replaces them with -)', () => {
    const { result } = runFixture(check, 'default-urls', { release: 'acme.prod' });
    expect(result.evidence).toMatchObject({ apiService: 'acme-prod-daytona-api' });
  });

  it('is an error, not a pass, when a URL is a map', () => {
    const { result } = runFixture(check, 'url-is-a-map', { release: 'acme' });
    expect(result.status).toBe('error');
    expect(result.message).toContain('services.runnermanager.env.SERVER_URL should be a single value but is a map');
  });
});
