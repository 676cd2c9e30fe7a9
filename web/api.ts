import { ApiClient, ApiCallError } from '../shared/client/index.ts';

/**
 * The browser's client for the Sluice API from the UI: same origin, session cookie, and no
 * retries (a person is watching and can click again); errors are the shared ApiCallError.
 */

export { ApiCallError as ApiError };

const client = new ApiClient({ credentials: 'same-origin', retry: false });

export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  return (await client.request<T>(method, path, body === undefined ? {} : { body })).data;
}

export const get = <T>(path: string) => api<T>('GET', path);
export const post = <T>(path: string, body: unknown = {}) => api<T>('POST', path, body);
