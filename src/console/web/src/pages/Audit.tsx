import { useState } from 'react';
import { api, download } from '../api';
import { Action, Field, Loaded, ProblemNote, StatusBadge, useLoad } from '../components';
import { useI18n, hasKey, type MessageKey } from '../i18n';
import { Link, navigate } from '../router';
import type { CaseHistory, CaseStateAt, CaseView, VerificationReport } from '../types';

const KINDS = ['assessment', 'comparison', 'specification', 'standard'] as const;

/** 案件审计: choose a case, from the list or by its id. */
export function AuditHome() {
  const { t, date } = useI18n();
  const cases = useLoad(() => api.get<CaseView[]>('/api/v1/assessment-cases'), []);
  const [kind, setKind] = useState<(typeof KINDS)[number]>('assessment');
  const [id, setId] = useState('');
  return (
    <section aria-labelledby="audit-title">
      <h1 id="audit-title">{t('audit.title')}</h1>
      <form
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (id.trim()) navigate(`/audit/${kind}/${id.trim()}`);
        }}
      >
        <Field label={t('case.kind')}>
          {(fid) => (
            <select id={fid} value={kind} onChange={(e) => setKind(e.target.value as typeof kind)}>
              {KINDS.map((k) => (
                <option key={k}>{k}</option>
              ))}
            </select>
          )}
        </Field>
        <Field label="ID">{(fid) => <input id={fid} value={id} onChange={(e) => setId(e.target.value)} placeholder="00000000-0000-4000-8000-000000000000" />}</Field>
        <button type="submit">{t('case.open')}</button>
      </form>
      <h2>{t('audit.choose')}</h2>
      <Loaded state={cases}>
        {(list) => (
          <ul className="case-picks">
            {list.map((c) => (
              <li key={c.caseId}>
                <Link href={`/audit/assessment/${c.caseId}`}>{c.standard.name}</Link> <StatusBadge prefix="status" status={c.status} /> <small>{date(c.submittedAt)}</small>
              </li>
            ))}
          </ul>
        )}
      </Loaded>
    </section>
  );
}

/** One case for the auditor: its timeline with actors and limits, replay to a moment, verification and export. */
export function AuditCase({ kind, id }: { kind: string; id: string }) {
  const { t, pick, dateTime } = useI18n();
  const base = `/api/v1/audit/cases/${kind}/${id}`;
  const history = useLoad(() => api.get<CaseHistory>(`${base}/history`), [base]);
  return (
    <article aria-labelledby="audit-case-title">
      <h1 id="audit-case-title">
        {t('audit.history')} <code>{id}</code>
      </h1>
      <Loaded state={history}>
        {(h) => (
          <>
            <div className="table-wrap">
              <table className="history">
                <thead>
                  <tr>
                    <th scope="col">{t('audit.when')}</th>
                    <th scope="col">{t('audit.actor')}</th>
                    <th scope="col">{t('audit.event')}</th>
                  </tr>
                </thead>
                <tbody>
                  {h.events.map((e) => (
                    <tr key={`${e.streamId}:${e.revision}`}>
                      <td>
                        <time dateTime={e.recordedAt}>{dateTime(e.recordedAt)}</time>
                      </td>
                      <td>
                        {e.actor.id} <small>({hasKey(`role.${e.actor.role}`) ? t(`role.${e.actor.role}` as 'role.auditor') : e.actor.role})</small>
                      </td>
                      <td>
                        {pick(e.summary)} <code className="hash" title={e.hash}>{e.hash.slice(0, 10)}</code>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <h2>{t('audit.deadlines')}</h2>
            {h.deadlines.length === 0 ? (
              <p>{t('app.empty')}</p>
            ) : (
              <div className="table-wrap">
                <table>
                  <thead>
                    <tr>
                      <th scope="col">{t('audit.limit')}</th>
                      <th scope="col">{t('audit.dueAt')}</th>
                      <th scope="col">{t('audit.limitStatus')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {h.deadlines.map((d) => (
                      <tr key={`${d.streamId}:${d.step}:${d.dueAt}`}>
                        <td>{pick(d.what)}</td>
                        <td>{dateTime(d.dueAt)}</td>
                        <td>
                          <StatusBadge prefix="deadline" status={d.status} />
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
            <Replay base={base} first={h.events[0]?.recordedAt} />
          </>
        )}
      </Loaded>
      <Verify base={base} />
      <Export base={base} />
    </article>
  );
}

/** A datetime-local value (China time) for an instant. */
function localValue(iso: string): string {
  const shifted = new Date(Date.parse(iso) + 8 * 3600_000);
  return shifted.toISOString().slice(0, 19);
}

/** The instant a datetime-local value (China time) names: the end of its second (or minute), so that what happened in it counts. */
function instantOf(value: string): string {
  const seconds = value.length === 16 ? `${value}:59` : value.slice(0, 19);
  return new Date(Date.parse(`${seconds}+08:00`) + 999).toISOString();
}

function Replay({ base, first }: { base: string; first?: string }) {
  const { t, dateTime } = useI18n();
  const [at, setAt] = useState(first ? localValue(first) : localValue(new Date().toISOString()));
  const [result, setResult] = useState<CaseStateAt>();
  const status = (result?.state as { status?: string; case?: { status?: string } } | undefined)?.status ?? (result?.state as { case?: { status?: string } } | undefined)?.case?.status;
  return (
    <section className="panel" aria-labelledby="replay-title">
      <h2 id="replay-title">{t('audit.replay')}</h2>
      <Field label={t('audit.at')} hint="UTC+8">
        {(id) => <input id={id} type="datetime-local" step={1} value={at} onChange={(e) => setAt(e.target.value)} />}
      </Field>
      <Action
        label={t('audit.replayButton')}
        run={async () => setResult(await api.get<CaseStateAt>(`${base}/state?at=${encodeURIComponent(instantOf(at))}`))}
      />
      {result && (
        <div role="status" className="replay-result">
          <p>{t('audit.replayResult', { at: dateTime(result.at), n: result.eventsApplied, status: status === undefined ? '—' : hasKey(`status.${status}`) ? t(`status.${status}` as MessageKey) : status })}</p>
          <details>
            <summary>JSON</summary>
            <pre>{JSON.stringify(result.state, null, 2)}</pre>
          </details>
        </div>
      )}
    </section>
  );
}

function Verify({ base }: { base: string }) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [report, setReport] = useState<VerificationReport>();
  const [error, setError] = useState<unknown>();
  return (
    <section className="panel" aria-labelledby="verify-title">
      <h2 id="verify-title">{t('audit.verify')}</h2>
      <button
        type="button"
        className="primary"
        disabled={busy}
        onClick={async () => {
          setBusy(true);
          setError(undefined);
          setReport(undefined);
          try {
            setReport(await api.get<VerificationReport>(`${base}/verify`));
          } catch (e) {
            setError(e);
          } finally {
            setBusy(false);
          }
        }}
      >
        {t('audit.verify')}
      </button>
      {busy && (
        <p role="status">
          {t('audit.verifying')} <progress aria-label={t('audit.verifying')} />
        </p>
      )}
      <ProblemNote error={error} />
      {report && (
        <p role="status" className={report.ok ? 'ok verify-result' : 'problem verify-result'}>
          {report.ok
            ? t('audit.verifyOk', { events: report.eventsChecked, streams: report.streamsChecked, ms: report.durationMs })
            : t('audit.verifyBroken', { stream: report.firstBroken?.streamId ?? '?', revision: report.firstBroken?.revision ?? '?', reason: report.firstBroken?.detail ?? report.firstBroken?.kind ?? '' })}
        </p>
      )}
    </section>
  );
}

function Export({ base }: { base: string }) {
  const { t } = useI18n();
  const [progress, setProgress] = useState<number>();
  const [done, setDone] = useState<{ name: string; size: number }>();
  const [error, setError] = useState<unknown>();
  const run = async (suffix: string) => {
    setError(undefined);
    setDone(undefined);
    setProgress(0);
    try {
      const { blob, name } = await download(`${base}/${suffix}`, setProgress);
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = name;
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      setDone({ name, size: blob.size });
    } catch (e) {
      setError(e);
    } finally {
      setProgress(undefined);
    }
  };
  return (
    <section className="panel" aria-labelledby="export-title">
      <h2 id="export-title">{t('audit.export')}</h2>
      <div className="button-row">
        <button type="button" className="primary" disabled={progress !== undefined} onClick={() => run('export')}>
          {t('audit.export')} (JSONL)
        </button>
        <button type="button" disabled={progress !== undefined} onClick={() => run('export.csv')}>
          {t('audit.export')} (CSV)
        </button>
      </div>
      {progress !== undefined && <p role="status">{t('audit.exporting', { kb: (progress / 1024).toFixed(1) })}</p>}
      {done && (
        <p role="status" className="ok export-result">
          {t('audit.exported', { name: done.name, kb: (done.size / 1024).toFixed(1) })}
        </p>
      )}
      <ProblemNote error={error} />
    </section>
  );
}
