import type { Locale } from './i18n';

/** RFC 9457 problem details as the API answers refusals (title and detail in the caller's language). */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code?: string;
  errors?: { field: string; reasons: string[] }[];
  requestId?: string;
}

/** A refusal by the API, carrying its problem details. */
export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail || problem.title);
    this.name = 'ApiError';
  }
}

/** Called when the API answers 401: the session is over. */
let onUnauthenticated: () => void = () => {};
export function setUnauthenticatedHandler(handler: () => void): void {
  onUnauthenticated = handler;
}

let token: string | undefined;
let locale: Locale = 'zh-CN';
export function setApiToken(value: string | undefined): void {
  token = value;
}
export function setApiLocale(value: Locale): void {
  locale = value;
}

function headers(extra: Record<string, string> = {}): Record<string, string> {
  return { 'Accept-Language': locale, ...(token ? { Authorization: `Bearer ${token}` } : {}), ...extra };
}

async function problemOf(response: Response): Promise<Problem> {
  try {
    const body = (await response.json()) as Problem;
    if (typeof body?.status === 'number') return body;
  } catch {
    // not problem details: fall through
  }
  return { type: 'about:blank', title: response.statusText || `HTTP ${response.status}`, status: response.status, detail: `HTTP ${response.status}` };
}

async function send<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(path, {
    method,
    headers: headers(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) {
    const problem = await problemOf(response);
    if (response.status === 401) onUnauthenticated();
    throw new ApiError(problem);
  }
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

export const api = {
  get: <T>(path: string) => send<T>('GET', path),
  post: <T>(path: string, body?: unknown) => send<T>('POST', path, body),
};

/** Uploads a file as multipart, reporting progress (XMLHttpRequest: fetch reports no upload progress). */
export function upload<T>(path: string, form: FormData, onProgress: (fraction: number) => void): Promise<T> {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('POST', path);
    for (const [name, value] of Object.entries(headers())) request.setRequestHeader(name, value);
    request.upload.onprogress = (event) => event.lengthComputable && onProgress(event.loaded / event.total);
    request.onerror = () => reject(new ApiError({ type: 'about:blank', title: 'Network error', status: 0, detail: 'network error' }));
    request.onload = () => {
      let body: unknown;
      try {
        body = JSON.parse(request.responseText);
      } catch {
        body = undefined;
      }
      if (request.status >= 200 && request.status < 300) return resolve(body as T);
      if (request.status === 401) onUnauthenticated();
      const problem = body as Problem | undefined;
      reject(new ApiError(typeof problem?.status === 'number' ? problem : { type: 'about:blank', title: `HTTP ${request.status}`, status: request.status, detail: `HTTP ${request.status}` }));
    };
    request.send(form);
  });
}

/** Downloads a response body, reporting the bytes received so far. */
export async function download(path: string, onProgress: (bytes: number) => void): Promise<{ blob: Blob; name: string }> {
  const response = await fetch(path, { headers: headers() });
  if (!response.ok) {
    if (response.status === 401) onUnauthenticated();
    throw new ApiError(await problemOf(response));
  }
  const reader = response.body!.getReader();
  const chunks: Uint8Array[] = [];
  let received = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    received += value.length;
    onProgress(received);
  }
  const disposition = response.headers.get('Content-Disposition') ?? '';
  const name = /filename="([^"]+)"/.exec(disposition)?.[1] ?? 'export';
  return { blob: new Blob(chunks as BlobPart[], { type: response.headers.get('Content-Type') ?? 'application/octet-stream' }), name };
}
