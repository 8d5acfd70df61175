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

describe('STORAGE_URL', () => {
  it('is the database without it, an S3 bucket with it', () => {
    expect(loadConfig({}).storage).toBeNull();
    expect(loadConfig({ STORAGE_URL: 's3+http://AK%2F1:S%40K@127.0.0.1:9000/lotse-docs?region=eu-central-1&prefix=lotse/' }).storage).toEqual({
      endpoint: 'http://127.0.0.1:9000', bucket: 'lotse-docs', region: 'eu-central-1', prefix: 'lotse/', forcePathStyle: true,
      credentials: { accessKeyId: 'AK/1', secretAccessKey: 'S@K' },
    });
    expect(loadConfig({ STORAGE_URL: 's3://s3.eu-central-1.amazonaws.com/my-bucket?forcePathStyle=false' }).storage).toMatchObject({
      endpoint: 'https://s3.eu-central-1.amazonaws.com', bucket: 'my-bucket', region: 'us-east-1', forcePathStyle: false, credentials: null,
    });
  });

  it.each([
    ['https://host/bucket', /scheme/],
    ['s3://host/', /not a bucket name/],
    ['s3://host/ab', /not a bucket name/],
    ['s3://host/Bucket_Name', /not a bucket name/],
    ['s3://host/bucket?acl=public', /unknown parameter "acl"/],
    ['s3://host/bucket?forcePathStyle=yes', /forcePathStyle must be true or false/],
    ['s3://key@host/bucket', /both key and secret/],
  ])('refuses %s with a clear message', (value, message) => {
    expect(() => loadConfig({ STORAGE_URL: value })).toThrow(ConfigError);
    expect(() => loadConfig({ STORAGE_URL: value })).toThrow(message);
    expect(() => loadConfig({ STORAGE_URL: value })).toThrow(/^STORAGE_URL/);
  });
});
