import { useState } from 'react';
import { api } from '../api';
import type { Session } from '../auth';
import { Action, Field, Institution, Loaded, StatusBadge, eventually, useLoad, Table } from '../components';
import { useI18n, hasKey, type MessageKey } from '../i18n';
import { Link } from '../router';
import type { CaseView, ExpertView, HistoryEntry } from '../types';
import { UploadField } from './Upload';

/** The limit the case's next step runs against, if it has one. */
export function dueOf(view: CaseView): string | undefined {
  switch (view.status) {
    case 'SUBMITTED':
      return view.acceptanceDueAt;
    case 'RECTIFICATION':
      return view.rectificationDueAt;
    case 'EVALUATED_PASS':
    case 'EVALUATED_FAIL':
      return view.decisionDueAt;
    default:
      return undefined;
  }
}

export function Due({ at }: { at?: string }) {
  const { t, dateTime } = useI18n();
  if (!at) return <>—</>;
  const overdue = Date.parse(at) < Date.now();
  return (
    <span className={overdue ? 'overdue' : undefined}>
      {dateTime(at)}
      {overdue && <strong> ({t('case.overdue')})</strong>}
    </span>
  );
}

const label = (t: (k: MessageKey) => string, key: string) => (hasKey(key) ? t(key) : key);

/** 案件列表: an institution its own cases, an assessor those assigned to him, the authority all. */
export function CaseList({ session }: { session: Session }) {
  const { t, date } = useI18n();
  const state = useLoad(() => api.get<CaseView[]>('/api/v1/assessment-cases'), []);
  const title = session.roles.includes('institution') ? t('nav.cases') : session.roles.includes('expert') ? t('nav.assignments') : t('nav.allCases');
  return (
    <section aria-labelledby="cases-title">
      <h1 id="cases-title">{title}</h1>
      <Loaded state={state}>
        {(cases) => (
          <Table rows={cases} headings={[t('case.standard'), t('case.kind'), t('case.status'), t('case.next'), t('case.due'), t('case.submittedAt')]}>
            {[...cases]
              .sort((a, b) => b.submittedAt.localeCompare(a.submittedAt))
              .map((c) => (
                <tr key={c.caseId}>
                  <td>
                    <Link href={`/cases/${c.caseId}`}>{c.standard.name}</Link>
                  </td>
                  <td>{label(t, `kind.${c.kind}`)}</td>
                  <td>
                    <StatusBadge prefix="status" status={c.status} />
                  </td>
                  <td>{label(t, `next.${c.status}`)}</td>
                  <td>
                    <Due at={dueOf(c)} />
                  </td>
                  <td>{date(c.submittedAt)}</td>
                </tr>
              ))}
          </Table>
        )}
      </Loaded>
    </section>
  );
}

/** One case: what it holds, what the signed-in role may do next, and its timeline. */
export function CasePage({ caseId, session }: { caseId: string; session: Session }) {
  const { t, pick, dateTime, date, list } = useI18n();
  const state = useLoad(() => api.get<CaseView>(`/api/v1/assessment-cases/${caseId}`), [caseId]);
  const timeline = useLoad(() => api.get<{ events: HistoryEntry[] }>(`/api/v1/assessment-cases/${caseId}/timeline`), [caseId, state.data?.lastPosition]);
  /** After a write: wait until the read model shows it, then show the case again. */
  const refresh = async (before: number) => {
    await eventually(() => api.get<CaseView>(`/api/v1/assessment-cases/${caseId}`), (v) => v.lastPosition > before);
    state.reload();
  };
  return (
    <Loaded state={state}>
      {(view) => (
        <article aria-labelledby="case-title">
          <h1 id="case-title">{t('case.heading', { name: view.standard.name })}</h1>
          <dl className="facts">
            <dt>{t('case.status')}</dt>
            <dd>
              <StatusBadge prefix="status" status={view.status} />
            </dd>
            <dt>{t('case.kind')}</dt>
            <dd>
              {label(t, `kind.${view.kind}`)} · {label(t, `category.${view.standard.category}`)} · {view.standard.measurand}
            </dd>
            <dt>{t('case.institution')}</dt>
            <dd>
              <Institution id={view.institutionId} />
            </dd>
            <dt>{t('case.next')}</dt>
            <dd>{label(t, `next.${view.status}`)}</dd>
            <dt>{t('case.due')}</dt>
            <dd>
              <Due at={dueOf(view)} />
            </dd>
            {view.assessors?.length ? (
              <>
                <dt>{t('case.assessors')}</dt>
                <dd>{view.assessors.join(', ')}</dd>
              </>
            ) : null}
            {view.certificate && (
              <>
                <dt>{t('case.certificate')}</dt>
                <dd className="certificate">
                  {view.certificate.certificateNo} · {date(view.certificate.validFrom)} – {date(view.certificate.validUntil)}
                </dd>
              </>
            )}
          </dl>
          {view.documents && view.documents.length > 0 && (
            <details>
              <summary>
                {t('case.documents')} ({view.documents.length})
              </summary>
              <ul>
                {view.documents.map((d) => (
                  <li key={d.sha256}>
                    {d.name ?? d.kind} <code>{d.sha256.slice(0, 12)}</code>
                  </li>
                ))}
              </ul>
            </details>
          )}
          {view.missingDocuments && view.missingDocuments.length > 0 && (
            <p>{t('case.missingList', { list: list(view.missingDocuments.map((m) => pick(m.title))) })}</p>
          )}
          <CaseActions view={view} session={session} refresh={() => refresh(view.lastPosition)} />
          <h2>{t('case.timeline')}</h2>
          <Loaded state={timeline}>
            {(tl) => (
              <ol className="timeline">
                {tl.events.map((e) => (
                  <li key={`${e.streamId}:${e.revision}`}>
                    <time dateTime={e.recordedAt}>{dateTime(e.recordedAt)}</time> <span className="actor">{e.actor.id}</span> {pick(e.summary)}
                  </li>
                ))}
              </ol>
            )}
          </Loaded>
        </article>
      )}
    </Loaded>
  );
}

function CaseActions({ view, session, refresh }: { view: CaseView; session: Session; refresh: () => Promise<void> }) {
  const role = session.roles[0];
  const path = `/api/v1/assessment-cases/${view.caseId}`;
  if (role === 'secretariat') return <SecretariatActions view={view} path={path} refresh={refresh} />;
  if (role === 'expert' && view.assessors?.includes(session.sub)) return <ExpertActions view={view} path={path} refresh={refresh} />;
  if (role === 'institution' && view.institutionId === session.institutionId) return <InstitutionActions view={view} path={path} refresh={refresh} />;
  return null;
}

type ActionsProps = { view: CaseView; path: string; refresh: () => Promise<void> };

const lines = (text: string) => text.split('\n').map((l) => l.trim()).filter(Boolean);

function SecretariatActions({ view, path, refresh }: ActionsProps) {
  const { t, locale } = useI18n();
  const [missing, setMissing] = useState('');
  const [expertId, setExpertId] = useState('');
  const [discipline, setDiscipline] = useState(view.standard.measurand);
  const [mode, setMode] = useState(view.kind === 'NEW' ? 'ON_SITE' : 'DOCUMENT_REVIEW');
  const [certificateNo, setCertificateNo] = useState(`[${new Date().getFullYear()}]浙量标金证字第${String(Date.now() % 1000).padStart(3, '0')}号`);
  const [reasons, setReasons] = useState('');
  const experts = useLoad(() => (view.status === 'ACCEPTED' ? api.get<ExpertView[]>('/api/v1/registry/experts') : Promise.resolve([])), [view.status]);
  switch (view.status) {
    case 'SUBMITTED':
      return (
        <section className="panel" aria-label={t('work.accept')}>
          <Action className="primary" label={t('work.accept')} run={() => api.post(`${path}/acceptance`)} onDone={refresh} />
          <Field label={t('work.returnWhat')}>{(id) => <textarea id={id} rows={3} value={missing} onChange={(e) => setMissing(e.target.value)} />}</Field>
          <Action label={t('work.return')} run={() => api.post(`${path}/supplement-requests`, { missing: lines(missing) })} onDone={refresh} />
        </section>
      );
    case 'ACCEPTED':
      return (
        <section className="panel" aria-labelledby="assign-title">
          <h2 id="assign-title">{t('work.assign')}</h2>
          <Field label={t('work.expert')}>
            {(id) => (
              <select id={id} value={expertId} onChange={(e) => setExpertId(e.target.value)}>
                <option value="">—</option>
                {(experts.data ?? []).map((x) => (
                  <option key={x.expertId} value={x.expertId}>
                    {x.name} ({x.expertId}
                    {x.qualifications.length ? `: ${x.qualifications.map((q) => q.discipline).join(locale === 'zh-CN' ? '、' : ', ')}` : ''})
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t('work.discipline')}>{(id) => <input id={id} value={discipline} onChange={(e) => setDiscipline(e.target.value)} />}</Field>
          <Action className="primary" label={t('work.assign')} disabled={!expertId} run={() => api.post(`${path}/assessors`, { assessors: [{ expertId, discipline }] })} onDone={refresh} />
        </section>
      );
    case 'ASSESSORS_ASSIGNED':
      return (
        <section className="panel" aria-label={t('work.startEvaluation')}>
          <Field label={t('work.mode')}>
            {(id) => (
              <select id={id} value={mode} onChange={(e) => setMode(e.target.value)}>
                <option value="ON_SITE">{t('mode.ON_SITE')}</option>
                <option value="DOCUMENT_REVIEW">{t('mode.DOCUMENT_REVIEW')}</option>
              </select>
            )}
          </Field>
          <Action className="primary" label={t('work.startEvaluation')} run={() => api.post(`${path}/evaluation`, { mode })} onDone={refresh} />
        </section>
      );
    case 'EVALUATED_PASS':
    case 'EVALUATED_FAIL':
      return (
        <section className="panel" aria-labelledby="decide-title">
          <h2 id="decide-title">{t('work.decide')}</h2>
          <Field label={t('work.certificateNo')}>{(id) => <input id={id} value={certificateNo} onChange={(e) => setCertificateNo(e.target.value)} />}</Field>
          <Action className="primary" label={t('work.approve')} run={() => api.post(`${path}/decisions`, { decision: 'APPROVED', reasons: [], certificateNo })} onDone={refresh} />
          <Field label={t('work.reasons')}>{(id) => <textarea id={id} rows={3} value={reasons} onChange={(e) => setReasons(e.target.value)} />}</Field>
          <Action label={t('work.refuse')} run={() => api.post(`${path}/decisions`, { decision: 'REFUSED', reasons: lines(reasons) })} onDone={refresh} />
        </section>
      );
    default:
      return null;
  }
}

function ExpertActions({ view, path, refresh }: ActionsProps) {
  const { t } = useI18n();
  const [clause, setClause] = useState('JJF 1033-2023 ');
  const [finding, setFinding] = useState('');
  const [outcome, setOutcome] = useState<'PASS' | 'FAIL'>('PASS');
  const [summary, setSummary] = useState('');
  if (view.status === 'RECTIFICATION' && view.rectificationSubmittedAt) {
    return (
      <section className="panel" aria-label={t('work.confirmRectification')}>
        <Action className="primary" label={t('work.confirmRectification')} run={() => api.post(`${path}/rectification-confirmations`)} onDone={refresh} />
      </section>
    );
  }
  if (view.status !== 'UNDER_EVALUATION') return null;
  return (
    <>
      <section className="panel" aria-labelledby="findings-title">
        <h2 id="findings-title">{t('work.findings')}</h2>
        <Field label={t('work.clause')}>{(id) => <input id={id} value={clause} onChange={(e) => setClause(e.target.value)} />}</Field>
        <Field label={t('work.finding')}>{(id) => <textarea id={id} rows={3} value={finding} onChange={(e) => setFinding(e.target.value)} />}</Field>
        <Action label={t('work.requestRectification')} run={() => api.post(`${path}/rectification-requests`, { nonconformities: [{ clause: clause.trim(), finding: finding.trim() }] })} onDone={refresh} />
      </section>
      <section className="panel" aria-labelledby="conclude-title">
        <h2 id="conclude-title">{t('work.conclude')}</h2>
        <Field label={t('work.outcome')}>
          {(id) => (
            <select id={id} value={outcome} onChange={(e) => setOutcome(e.target.value as 'PASS' | 'FAIL')}>
              <option value="PASS">{t('work.PASS')}</option>
              <option value="FAIL">{t('work.FAIL')}</option>
            </select>
          )}
        </Field>
        <Field label={t('work.summary')}>{(id) => <textarea id={id} rows={3} value={summary} onChange={(e) => setSummary(e.target.value)} />}</Field>
        <Action className="primary" label={t('work.conclude')} run={() => api.post(`${path}/conclusions`, { outcome, summary: summary.trim() })} onDone={refresh} />
      </section>
    </>
  );
}

function InstitutionActions({ view, path, refresh }: ActionsProps) {
  const { t, list } = useI18n();
  const [documents, setDocuments] = useState<string[]>([]);
  if (view.status === 'RECTIFICATION' && !view.rectificationSubmittedAt) {
    return (
      <section className="panel" aria-labelledby="rectify-title">
        <h2 id="rectify-title">{t('work.rectify')}</h2>
        <UploadField kind="RECTIFICATION_EVIDENCE" label={t('work.evidence')} onUploaded={(d) => setDocuments((all) => [...all, d.sha256])} />
        <Action className="primary" label={t('work.rectify')} disabled={documents.length === 0} run={() => api.post(`${path}/rectifications`, { evidence: documents })} onDone={refresh} />
      </section>
    );
  }
  if (view.status === 'SUPPLEMENT_REQUESTED') {
    return (
      <section className="panel" aria-labelledby="resubmit-title">
        <h2 id="resubmit-title">{t('work.resubmit')}</h2>
        {view.missing && <p>{list(view.missing)}</p>}
        <UploadField kind="OTHER" label={t('work.file')} onUploaded={(d) => setDocuments((all) => [...all, d.sha256])} />
        <Action className="primary" label={t('work.resubmit')} run={() => api.post(`${path}/resubmissions`, documents.length ? { documents } : {})} onDone={refresh} />
      </section>
    );
  }
  return null;
}
