import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../server/config';

describe('PUBLIC_URL', () => {
  it('defaults to localhost on the configured port', () => {
    expect(loadConfig({}).publicUrl).toBe('http://localhost:3000');
    expect(loadConfig({ PORT: '8080' }).publicUrl).toBe('http://localhost:8080');
    expect(loadConfig({ PUBLIC_URL: '' }).publicUrl).toBe('http://localhost:3000');
  });

  it('takes an absolute http(s) URL and drops trailing slashes, keeping a path', () => {
    expect(loadConfig({ PUBLIC_URL: 'https://lotse.example.com' }).publicUrl).toBe('https://lotse.example.com');
    expect(loadConfig({ PUBLIC_URL: 'https://lotse.example.com/' }).publicUrl).toBe('https://lotse.example.com');
    expect(loadConfig({ PUBLIC_URL: 'https://Intranet.Example.com:8443/esm//' }).publicUrl).toBe('https://intranet.example.com:8443/esm');
    expect(loadConfig({ PUBLIC_URL: 'http://10.0.0.5:3000' }).publicUrl).toBe('http://10.0.0.5:3000');
  });

  it.each([
    ['lotse.example.com', /absolute http\(s\) URL/],
    ['/lotse', /absolute http\(s\) URL/],
    ['ftp://lotse.example.com', /http:\/\/ or https:\/\//],
    ['mailto:service@example.com', /http:\/\/ or https:\/\//],
    ['https://user:secret@lotse.example.com', /credentials, a query or a fragment/],
    ['https://lotse.example.com/?tenant=a', /credentials, a query or a fragment/],
    ['https://lotse.example.com/#/portal', /credentials, a query or a fragment/],
  ])('refuses %s with a clear message naming the setting', (value, message) => {
    expect(() => loadConfig({ PUBLIC_URL: value })).toThrow(ConfigError);
    expect(() => loadConfig({ PUBLIC_URL: value })).toThrow(message);
    expect(() => loadConfig({ PUBLIC_URL: value })).toThrow(/^PUBLIC_URL/);
  });
});
