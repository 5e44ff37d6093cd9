import { useCallback, useEffect, useId, useState, type ReactNode } from 'react';
import { api, ApiError } from './api';
import { hasKey, useI18n } from './i18n';

/** Loads data, and loads it again when a dependency changes or reload() is called. */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]): { data?: T; error?: unknown; loading: boolean; reload: () => void } {
  const [state, setState] = useState<{ data?: T; error?: unknown; loading: boolean }>({ loading: true });
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    load().then(
      (data) => live && setState({ data, loading: false }),
      (error: unknown) => live && setState({ error, loading: false }),
    );
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, generation]);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return { ...state, reload };
}

/** A refusal shown where it happened: the API's own words (in the caller's language) and each field's reasons. */
export function ProblemNote({ error }: { error: unknown }) {
  if (!error) return null;
  if (error instanceof ApiError) {
    const p = error.problem;
    return (
      <div className="problem" role="alert">
        <strong>{p.title}</strong>
        {p.detail && <span> — {p.detail}</span>}
        {p.errors && (
          <ul>
            {p.errors.map((e) => (
              <li key={e.field}>
                <code>{e.field}</code>: {e.reasons.join('; ')}
              </li>
            ))}
          </ul>
        )}
        {p.code && <div className="problem-code">{p.code}</div>}
      </div>
    );
  }
  return (
    <div className="problem" role="alert">
      {error instanceof Error ? error.message : String(error)}
    </div>
  );
}

/** Loading, refusal or content. */
/** A table of rows under its column headings, or the empty note when there are none. */
export function Table({ rows, headings, children }: { rows: readonly unknown[]; headings: string[]; children: ReactNode }) {
  const { t } = useI18n();
  if (rows.length === 0) return <p>{t('app.empty')}</p>;
  return (
    <div className="table-wrap">
      <table>
        <thead>
          <tr>
            {headings.map((heading) => (
              <th scope="col" key={heading}>
                {heading}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}

export function Loaded<T>({ state, children }: { state: { data?: T; error?: unknown; loading: boolean }; children: (data: T) => ReactNode }) {
  const { t } = useI18n();
  if (state.error) return <ProblemNote error={state.error} />;
  if (state.data === undefined) return <p aria-busy="true">{t('app.loading')}</p>;
  return <>{children(state.data)}</>;
}

/** A labelled control: every input of the console goes through one. */
export function Field({ label, children, hint }: { label: string; hint?: string; children: (id: string) => ReactNode }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children(id)}
      {hint && <small>{hint}</small>}
    </div>
  );
}

export function StatusBadge({ prefix, status }: { prefix: 'status' | 'cert' | 'deadline' | 'disposition' | 'spec' | 'outcome' | 'cmp' | 'leg'; status: string }) {
  const { t } = useI18n();
  const key = `${prefix}.${status}`;
  return <span className={`badge badge-${status.toLowerCase()}`}>{hasKey(key) ? t(key) : status}</span>;
}

/** A form's submit button and the refusal, if any, right beside it. */
export function Action({ label, run, onDone, disabled, className }: { label: string; run: () => Promise<unknown>; onDone?: () => void; disabled?: boolean; className?: string }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  return (
    <div className="action">
      <button
        type="button"
        className={className}
        disabled={busy || disabled}
        aria-busy={busy}
        onClick={async () => {
          setBusy(true);
          setError(undefined);
          try {
            await run();
            onDone?.();
          } catch (e) {
            setError(e);
          } finally {
            setBusy(false);
          }
        }}
      >
        {label}
      </button>
      <ProblemNote error={error} />
    </div>
  );
}

/** Waits until the read model has caught up with a write (projections are eventually consistent). */
export async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > until) return value;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

const institutionNames = new Map<string, Promise<Map<string, string>>>();

/**
 * An institution by name where the caller may read the registry (the authority's roles), else by
 * its unified social credit code; the registry is read once per session.
 */
export function Institution({ id }: { id: string }) {
  const [name, setName] = useState<string>();
  useEffect(() => {
    let live = true;
    const key = sessionStorage.getItem('console.session') ?? '';
    const roles = (JSON.parse(key || '{}') as { roles?: string[] }).roles ?? [];
    // Only the authority's roles may read the registry; anyone else sees the code.
    if (!roles.some((r) => ['secretariat', 'auditor', 'admin'].includes(r))) return;
    if (!institutionNames.has(key)) {
      institutionNames.set(
        key,
        api.get<{ institutionId: string; name: string }[]>('/api/v1/registry/institutions').then(
          (rows) => new Map(rows.map((r) => [r.institutionId, r.name])),
          () => new Map(),
        ),
      );
    }
    institutionNames.get(key)!.then((names) => live && setName(names.get(id)));
    return () => {
      live = false;
    };
  }, [id]);
  return name ? <span title={id}>{name}</span> : <code>{id}</code>;
}
