import { useState } from 'react';
import { api } from '../api';
import { Action, Field, Loaded, eventually, useLoad } from '../components';
import { useI18n } from '../i18n';
import { navigate } from '../router';
import type { CaseView, CompletenessReport, UploadedDocument } from '../types';
import { UploadField } from './Upload';

const CATEGORIES = ['PUBLIC', 'DEPARTMENT_HIGHEST', 'ENTERPRISE_HIGHEST'] as const;
const KINDS = ['NEW', 'UPGRADE', 'CHANGE'] as const;

/**
 * 提交申请: the checklist of the documents the kind of assessment requires (from the API's
 * completeness check, so the console never keeps its own list), an upload per document, and the
 * submission. The check is asked again after each upload; nothing is recorded until submission.
 */
export function Apply() {
  const { t, pick, dateTime } = useI18n();
  const [kind, setKind] = useState<(typeof KINDS)[number]>('NEW');
  const [name, setName] = useState('');
  const [measurand, setMeasurand] = useState('');
  const [category, setCategory] = useState<(typeof CATEGORIES)[number]>('PUBLIC');
  const [documents, setDocuments] = useState<UploadedDocument[]>([]);
  const [submitted, setSubmitted] = useState<{ caseId: string; acceptanceDueAt: string }>();
  const required = useLoad(() => api.post<CompletenessReport>('/api/v1/assessment-cases/completeness', { kind, documents: [] }), [kind]);
  const check = useLoad(() => api.post<CompletenessReport>('/api/v1/assessment-cases/completeness', { kind, documents: documents.map((d) => d.sha256) }), [kind, documents]);
  const missingKinds = new Set(check.data?.missing.map((m) => m.kind) ?? []);

  return (
    <section aria-labelledby="apply-title">
      <h1 id="apply-title">{t('apply.title')}</h1>
      <form className="form" onSubmit={(e) => e.preventDefault()}>
        <Field label={t('apply.kind')}>
          {(id) => (
            <select id={id} value={kind} onChange={(e) => setKind(e.target.value as typeof kind)}>
              {KINDS.map((k) => (
                <option key={k} value={k}>
                  {t(`kind.${k}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('apply.name')}>{(id) => <input id={id} required value={name} onChange={(e) => setName(e.target.value)} />}</Field>
        <Field label={t('apply.measurand')}>{(id) => <input id={id} required value={measurand} onChange={(e) => setMeasurand(e.target.value)} />}</Field>
        <Field label={t('apply.category')}>
          {(id) => (
            <select id={id} value={category} onChange={(e) => setCategory(e.target.value as typeof category)}>
              {CATEGORIES.map((c) => (
                <option key={c} value={c}>
                  {t(`category.${c}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <fieldset>
          <legend>{t('apply.checklist')}</legend>
          <Loaded state={required}>
            {(report) => (
              <ul className="checklist">
                {report.missing.map((item) => (
                  <li key={item.kind} className={missingKinds.has(item.kind) ? 'todo' : 'done'}>
                    <span aria-hidden="true">{missingKinds.has(item.kind) ? '○' : '✓'}</span>
                    <UploadField kind={item.kind} label={t('apply.upload', { title: pick(item.title) })} onUploaded={(d) => setDocuments((all) => [...all.filter((x) => x.kind !== d.kind), d])} />
                  </li>
                ))}
              </ul>
            )}
          </Loaded>
          {check.data && (
            <p role="status" className={check.data.complete ? 'ok' : 'warn'}>
              {check.data.complete ? t('apply.complete') : t('apply.missingCount', { n: check.data.missing.length })}
            </p>
          )}
        </fieldset>
        <Action
          className="primary"
          label={t('apply.submit')}
          run={async () => {
            const answer = await api.post<{ caseId: string; acceptanceDueAt: string }>('/api/v1/assessment-cases', {
              kind,
              standard: { name: name.trim(), category, measurand: measurand.trim() },
              documents: documents.map((d) => d.sha256),
            });
            // The case list and page read a projection: wait until it shows the new case (a few hundred ms).
            await eventually(
              () => api.get<CaseView>(`/api/v1/assessment-cases/${answer.caseId}`).catch(() => undefined),
              (view) => view !== undefined,
            );
            setSubmitted(answer);
          }}
        />
      </form>
      {submitted && (
        <p role="status" className="ok">
          {t('apply.submitted', { due: dateTime(submitted.acceptanceDueAt) })}{' '}
          <a
            href={`/cases/${submitted.caseId}`}
            onClick={(e) => {
              e.preventDefault();
              navigate(`/cases/${submitted.caseId}`);
            }}
          >
            {t('case.open')}
          </a>
        </p>
      )}
    </section>
  );
}
