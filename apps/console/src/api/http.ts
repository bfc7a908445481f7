import axios, { type AxiosAdapter, type AxiosInstance } from 'axios';

/** Same-origin API; the session cookie rides along. Tests pass an adapter that plays the server. */
export function createHttp(adapter?: AxiosAdapter): AxiosInstance {
  return axios.create({
    timeout: 30_000,
    headers: { Accept: 'application/json' },
    ...(adapter ? { adapter } : {}),
  });
}
