import { api } from '../api';
import { Institution, Loaded, StatusBadge, useLoad } from '../components';
import { useI18n } from '../i18n';
import { Link } from '../router';
import type { SpecificationRecord } from '../types';

/** 地方技术规范项目: the projects by status. */
export function Specifications() {
  const { t } = useI18n();
  const state = useLoad(() => api.get<SpecificationRecord[]>('/api/v1/specifications'), []);
  return (
    <section aria-labelledby="spec-title">
      <h1 id="spec-title">{t('spec.title')}</h1>
      <Loaded state={state}>
        {(projects) =>
          projects.length === 0 ? (
            <p>{t('app.empty')}</p>
          ) : (
            <ul className="case-picks">
              {projects.map((p) => (
                <li key={p.projectId}>
                  <Link href={`/specifications/${p.projectId}`}>{p.title}</Link> <StatusBadge prefix="spec" status={p.status} />
                </li>
              ))}
            </ul>
          )
        }
      </Loaded>
    </section>
  );
}

/** One project: its comment disposition table (意见汇总处理表) and its review meeting records. */
export function SpecificationPage({ projectId }: { projectId: string }) {
  const { t, date } = useI18n();
  const state = useLoad(() => api.get<SpecificationRecord>(`/api/v1/specifications/${projectId}`), [projectId]);
  return (
    <Loaded state={state}>
      {(p) => (
        <article aria-labelledby="spec-project-title">
          <h1 id="spec-project-title">{p.title}</h1>
          <p>
            <StatusBadge prefix="spec" status={p.status} /> · <Institution id={p.proposerInstitutionId} />
          </p>
          <h2>{t('spec.comments')}</h2>
          {p.comments.length === 0 ? (
            <p>{t('app.empty')}</p>
          ) : (
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">#</th>
                    <th scope="col">{t('spec.clause')}</th>
                    <th scope="col">{t('spec.comment')}</th>
                    <th scope="col">{t('spec.source')}</th>
                    <th scope="col">{t('spec.disposition')}</th>
                    <th scope="col">{t('spec.reasons')}</th>
                  </tr>
                </thead>
                <tbody>
                  {p.comments.map((c, i) => (
                    <tr key={c.commentId} className={c.disposition ? undefined : 'row-overdue'}>
                      <td>{i + 1}</td>
                      <td>{c.clause}</td>
                      <td>{c.text}</td>
                      <td>{c.commenterName ?? (c.institutionId ? <Institution id={c.institutionId} /> : c.source)}</td>
                      <td>{c.disposition ? <StatusBadge prefix="disposition" status={c.disposition} /> : t('spec.open')}</td>
                      <td>{c.reasons?.join('；') ?? ''}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <h2>{t('spec.meetings')}</h2>
          {p.meetingRecords.length === 0 ? (
            <p>{t('app.empty')}</p>
          ) : (
            p.meetingRecords.map((m) => (
              <section key={m.meetingDate} className="panel">
                <h3>
                  {date(m.meetingDate)} · <StatusBadge prefix="outcome" status={m.outcome} />
                </h3>
                <p>{t('spec.quorum', { present: m.present.length, members: m.members.length, required: m.quorumRequired })}</p>
                <p>{t('spec.votes', { yes: m.yes, no: m.no, abstain: m.abstain, required: m.yesRequired })}</p>
                <p>
                  <small>{m.rule}</small>
                </p>
              </section>
            ))
          )}
        </article>
      )}
    </Loaded>
  );
}
