import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../../tests/support/databases.js';
import { useTestApp } from '../../../tests/support/test-app.js';

describeEachDatabase('deployment facts for the SPA', (kind) => {
  const configured = useTestApp(kind, {
    config: {
      docsUrl: 'https://partners.example.test/integration',
      publicUrl: 'https://support.example.test',
    },
  });
  const bare = useTestApp(kind, { config: { host: '127.0.0.1', port: 4123 } });

  it('tells anyone, before sign-in, where the documentation is and the address users reach', async () => {
    const response = await configured.app.inject({ method: 'GET', url: '/api/v1/meta' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      docsUrl: 'https://partners.example.test/integration',
      publicUrl: 'https://support.example.test',
    });
  });

  it('without DOCS_URL and PUBLIC_URL, answers no documentation and the address the server listens on', async () => {
    const response = await bare.app.inject({ method: 'GET', url: '/api/v1/meta' });
    expect(response.json()).toEqual({ docsUrl: null, publicUrl: 'http://127.0.0.1:4123' });
  });

  it('is in the OpenAPI document with its response schema', async () => {
    const spec = (await bare.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    expect(
      Object.keys(
        spec.paths['/api/v1/meta'].get.responses['200'].content['application/json'].schema.properties,
      ),
    ).toEqual(['docsUrl', 'publicUrl']);
  });
});
