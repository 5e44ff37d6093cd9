import { useState } from 'react';
import { api } from '../api';
import type { Session } from '../auth';
import { Action, eventually, Field, Institution, Loaded, StatusBadge, useLoad } from '../components';
import { useI18n } from '../i18n';
import { countMeeting, DEFAULT_MEETING_POLICY, type Fraction, type Vote } from '../meeting-count';
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

/** One project: its comment disposition table (意见汇总处理表), its review meeting records, and for the secretariat the meeting form. */
export function SpecificationPage({ projectId, session }: { projectId: string; session: Session }) {
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
          {p.status === 'REVIEW_SCHEDULED' && session.roles[0] === 'secretariat' && (
            <MeetingForm
              project={p}
              onRecorded={async () => {
                await eventually(() => api.get<SpecificationRecord>(`/api/v1/specifications/${projectId}`), (v) => v.meetingRecords.length > p.meetingRecords.length);
                state.reload();
              }}
            />
          )}
        </article>
      )}
    </Loaded>
  );
}

const lines = (text: string) => [...new Set(text.split('\n').map((l) => l.trim()).filter(Boolean))];
const fractionText = (f: Fraction) => `${f.numerator}/${f.denominator}`;
const VOTES: Vote[] = ['YES', 'NO', 'ABSTAIN'];

/**
 * 审定会: the secretariat records the review meeting. As the boxes change it shows the count the
 * server will make (meeting-count.ts): present vs the quorum, the members entitled to vote, yes vs
 * the pass fraction, and the outcome; the server's refusal (a conflicted member's vote, say) is
 * shown under the button in words.
 */
function MeetingForm({ project, onRecorded }: { project: SpecificationRecord; onRecorded: () => Promise<void> }) {
  const { t, list } = useI18n();
  const [membersText, setMembersText] = useState('');
  const [invitedText, setInvitedText] = useState('');
  const [present, setPresent] = useState<Record<string, boolean>>({});
  const [votes, setVotes] = useState<Record<string, Vote | undefined>>({});
  const [reasons, setReasons] = useState<Record<string, string>>({});
  const members = lines(membersText);
  const drafters = (project.draftingGroup?.members ?? []).map((m) => m.expertId);
  const presentIds = members.filter((id) => present[id]);
  // The policy's fractions: the API gives the project's policy version only, so the form shows the defaults and names the version.
  const policy = DEFAULT_MEETING_POLICY;
  const count = countMeeting({ members, present: presentIds, drafters, votes }, policy);
  const voters = presentIds.filter((id) => !drafters.includes(id));
  const cast = voters.filter((id) => votes[id]).map((id) => ({ expertId: id, vote: votes[id]!, reasons: lines(reasons[id] ?? '') }));
  const missingReasons = cast.filter((v) => v.vote === 'NO' && v.reasons.length === 0).map((v) => v.expertId);
  const body = {
    members,
    present: presentIds,
    invitedExperts: lines(invitedText),
    votes: cast.map((v) => (v.vote === 'NO' ? v : { expertId: v.expertId, vote: v.vote })),
  };
  return (
    <section className="panel meeting-form" aria-labelledby="meeting-title">
      <h2 id="meeting-title">{t('meet.title')}</h2>
      <Field label={t('meet.members')}>{(id) => <textarea id={id} rows={6} value={membersText} onChange={(e) => setMembersText(e.target.value)} />}</Field>
      <Field label={t('meet.invited')}>{(id) => <textarea id={id} rows={2} value={invitedText} onChange={(e) => setInvitedText(e.target.value)} />}</Field>
      {members.length > 0 && (
        <fieldset className="attendance">
          <legend>{t('meet.attendance')}</legend>
          <ul className="meeting-members">
            {members.map((member) => {
              const drafter = drafters.includes(member);
              return (
                <li key={member}>
                  <label className="check">
                    <input type="checkbox" checked={!!present[member]} onChange={(e) => setPresent((all) => ({ ...all, [member]: e.target.checked }))} />
                    {t('meet.present', { id: member })}
                  </label>
                  {drafter ? (
                    <small>{t('meet.drafter')}</small>
                  ) : (
                    present[member] && (
                      <>
                        <Field label={t('meet.vote', { id: member })}>
                          {(id) => (
                            <select id={id} value={votes[member] ?? ''} onChange={(e) => setVotes((all) => ({ ...all, [member]: (e.target.value || undefined) as Vote | undefined }))}>
                              <option value="">{t('meet.noVote')}</option>
                              {VOTES.map((v) => (
                                <option key={v} value={v}>
                                  {t(`vote.${v}`)}
                                </option>
                              ))}
                            </select>
                          )}
                        </Field>
                        {votes[member] === 'NO' && (
                          <Field label={t('meet.reasons', { id: member })}>
                            {(id) => <textarea id={id} rows={2} required value={reasons[member] ?? ''} onChange={(e) => setReasons((all) => ({ ...all, [member]: e.target.value }))} />}
                          </Field>
                        )}
                      </>
                    )
                  )}
                </li>
              );
            })}
          </ul>
        </fieldset>
      )}
      <div className="live-count" aria-live="polite" aria-labelledby="live-count-title">
        <h3 id="live-count-title">
          {t('meet.live')} <small>({t('meet.policy', { version: project.policyVersion ?? policy.version })})</small>
        </h3>
        <p className={count.quorate ? 'ok' : 'warn'} data-testid="quorum">
          {t('meet.presentCount', { present: count.present, members: count.members, required: count.quorumRequired, fraction: fractionText(policy.quorum) })}
        </p>
        <p data-testid="entitled">{t('meet.entitled', { n: count.entitled, present: count.present, drafters: count.present - count.entitled })}</p>
        <p data-testid="votes">
          {t('meet.yesCount', { yes: count.yes, no: count.no, abstain: count.abstain, required: count.yesRequired, fraction: fractionText(policy.passFraction) })}
        </p>
        <p data-testid="outcome">
          {t('meet.outcome')}: <StatusBadge prefix="outcome" status={count.outcome} />
        </p>
        <p>
          <small>{t('meet.serverDecides')}</small>
        </p>
      </div>
      {missingReasons.length > 0 && <p className="problem">{t('meet.reasonsNeeded', { list: list(missingReasons) })}</p>}
      <Action className="primary" label={t('meet.record')} disabled={members.length === 0 || missingReasons.length > 0} run={() => api.post(`/api/v1/specifications/${project.projectId}/meetings`, body)} onDone={onRecorded} />
    </section>
  );
}
