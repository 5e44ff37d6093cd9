import { api } from '../api';
import { Institution, Loaded, StatusBadge, Table, useLoad } from '../components';
import { hasKey, useI18n } from '../i18n';
import { Link } from '../router';
import type { CirculationBoard, ComparisonResults, ComparisonView } from '../types';

/** The statuses from which the organiser's roles see the results (Draft B on; the server's comparison-views.ts). */
const RESULTS_SHOWN = ['DRAFT_B', 'REPORT_APPROVED', 'PUBLISHED', 'FOLLOW_UP', 'CLOSED'];

/** 计量比对: the comparisons the caller sees (the authority all), by status. */
export function Comparisons() {
  const { t, date } = useI18n();
  const state = useLoad(() => api.get<ComparisonView[]>('/api/v1/comparisons'), []);
  return (
    <section aria-labelledby="cmp-title">
      <h1 id="cmp-title">{t('cmp.title')}</h1>
      <Loaded state={state}>
        {(rows) => (
          <Table rows={rows} headings={[t('cmp.name'), t('cmp.measurand'), t('cmp.pilot'), t('cmp.status'), t('case.submittedAt')]}>
            {[...rows]
              .sort((a, b) => (b.proposedAt ?? '').localeCompare(a.proposedAt ?? ''))
              .map((c) => (
                <tr key={c.comparisonId}>
                  <td>
                    <Link href={`/comparisons/${c.comparisonId}`}>{c.title}</Link>
                  </td>
                  <td>{c.measurand}</td>
                  <td>
                    <Institution id={c.pilotInstitutionId} />
                  </td>
                  <td>
                    <StatusBadge prefix="cmp" status={c.status} />
                  </td>
                  <td>{date(c.proposedAt)}</td>
                </tr>
              ))}
          </Table>
        )}
      </Loaded>
    </section>
  );
}

/** One comparison: its circulation board (传递看板), and its results with each lab's En once the caller may see them. */
export function ComparisonPage({ comparisonId }: { comparisonId: string }) {
  const { t } = useI18n();
  const state = useLoad(() => api.get<ComparisonView>(`/api/v1/comparisons/${comparisonId}`), [comparisonId]);
  const board = useLoad(() => api.get<CirculationBoard>(`/api/v1/comparisons/${comparisonId}/circulation`), [comparisonId]);
  return (
    <Loaded state={state}>
      {(c) => (
        <article aria-labelledby="cmp-page-title">
          <h1 id="cmp-page-title">{c.title}</h1>
          <dl className="facts">
            <dt>{t('cmp.status')}</dt>
            <dd>
              <StatusBadge prefix="cmp" status={c.status} />
            </dd>
            <dt>{t('cmp.measurand')}</dt>
            <dd>{c.measurand}</dd>
            <dt>{t('cmp.pilot')}</dt>
            <dd>
              <Institution id={c.pilotInstitutionId} />
            </dd>
            <dt>{t('cmp.participants')}</dt>
            <dd>
              <ul className="inline-list">
                {c.participants.map((p) => (
                  <li key={p}>
                    <Institution id={p} />
                  </li>
                ))}
              </ul>
            </dd>
          </dl>
          <h2>{t('cmp.board')}</h2>
          <Loaded state={board}>{(b) => <Board board={b} />}</Loaded>
          <h2>{t('cmp.results')}</h2>
          {RESULTS_SHOWN.includes(c.status) ? <Results comparisonId={comparisonId} /> : <p>{t('cmp.resultsLater')}</p>}
          {c.followUps && c.followUps.length > 0 && <FollowUps view={c} />}
        </article>
      )}
    </Loaded>
  );
}

function Board({ board }: { board: CirculationBoard }) {
  const { t, date, dateTime } = useI18n();
  const where = board.location;
  return (
    <div className="board">
      <dl className="facts">
        <dt>{t('cmp.transferStandard')}</dt>
        <dd>{board.transferStandard ? `${board.transferStandard.name} (${board.transferStandard.id})` : '—'}</dd>
        <dt>{t('cmp.scheme')}</dt>
        <dd>{board.scheme && hasKey(`cmp.scheme.${board.scheme}`) ? t(`cmp.scheme.${board.scheme}` as 'cmp.scheme.RING') : (board.scheme ?? '—')}</dd>
        <dt>{t('cmp.where')}</dt>
        <dd className="holder">
          {!where ? (
            t('cmp.notCirculating')
          ) : 'holder' in where ? (
            <>
              <strong>
                <Institution id={where.holder} />
              </strong>{' '}
              {t('cmp.since', { at: dateTime(where.since) })}
            </>
          ) : (
            <>
              {t('cmp.inTransit')}: <Institution id={where.inTransitFrom} /> → <Institution id={where.inTransitTo} /> {t('cmp.since', { at: dateTime(where.since) })}
            </>
          )}
        </dd>
      </dl>
      {board.lateLegs.length > 0 && (
        <p className="overdue">
          <strong>{t('cmp.lateLegs', { n: board.lateLegs.length })}</strong>
        </p>
      )}
      {board.legs.length === 0 ? (
        <p>{t('cmp.noLegs')}</p>
      ) : (
        <Table rows={board.legs} headings={['#', t('cmp.lab'), t('cmp.dueDate'), t('cmp.receivedAt'), t('cmp.handedOverAt'), t('cmp.legState')]}>
          {board.legs.map((leg, i) => (
            <tr key={leg.participant} className={leg.late ? 'row-overdue' : undefined}>
              <td>{i + 1}</td>
              <td>
                <Institution id={leg.participant} />
              </td>
              <td>
                <span className={leg.late ? 'overdue' : undefined}>
                  {date(leg.dueDate)}
                  {leg.late && <strong> ({t('cmp.late', { days: leg.daysLate })})</strong>}
                </span>
              </td>
              <td>{leg.receivedAt ? dateTime(leg.receivedAt) : '—'}</td>
              <td>{leg.handedOverAt ? dateTime(leg.handedOverAt) : '—'}</td>
              <td>
                <StatusBadge prefix="leg" status={leg.state} />
              </td>
            </tr>
          ))}
        </Table>
      )}
      <p>
        <small>{t('cmp.today', { date: date(board.today) })}</small>
      </p>
    </div>
  );
}

function Results({ comparisonId }: { comparisonId: string }) {
  const { t, number } = useI18n();
  const state = useLoad(() => api.get<ComparisonResults>(`/api/v1/comparisons/${comparisonId}/results`), [comparisonId]);
  return (
    <Loaded state={state}>
      {(r) => (
        <>
          <p>
            {t('cmp.reference', {
              value: number(r.reference.value, 4),
              u: number(r.reference.expandedUncertainty, 4),
              k: number(r.reference.coverageFactor),
              unit: r.unit,
              method: r.reference.method,
            })}
          </p>
          <Table rows={r.results} headings={[t('cmp.lab'), `${t('cmp.value')} (${r.unit})`, `${t('cmp.uncertainty')} (${r.unit})`, t('cmp.en'), t('cmp.verdict')]}>
            {r.results.map((row) => (
              <tr key={row.lab} className={row.satisfactory === false ? 'row-overdue' : undefined}>
                <td>
                  <Institution id={row.lab} />
                </td>
                <td>{number(row.value, 4)}</td>
                <td>{number(row.expandedUncertainty, 4)}</td>
                <td title={row.formula}>{number(row.en === null ? null : Math.round(row.en * 100) / 100 || 0, 2)}</td>
                <td>
                  {row.satisfactory === null ? '—' : row.satisfactory ? (
                    <span className="badge badge-kept">{t('cmp.satisfactory')}</span>
                  ) : (
                    <span className="badge badge-missed">{t('cmp.unsatisfactory')}</span>
                  )}
                </td>
              </tr>
            ))}
          </Table>
        </>
      )}
    </Loaded>
  );
}

function FollowUps({ view }: { view: ComparisonView }) {
  const { t, number, date } = useI18n();
  const rows = view.followUps ?? [];
  return (
    <>
      <h2>{t('cmp.followUps')}</h2>
      <Table rows={rows} headings={[t('cmp.lab'), t('cmp.en'), t('cmp.causeAnalysis'), t('cmp.correctiveAction'), t('cmp.closed'), t('case.due')]}>
        {rows.map((f) => {
          const overdue = !f.closed && (f.overdueSince !== undefined || (f.dueAt !== undefined && Date.parse(f.dueAt) < Date.now()));
          return (
            <tr key={f.lab} className={overdue ? 'row-overdue' : undefined}>
              <td>
                <Institution id={f.lab} />
              </td>
              <td>{number(f.en === null ? null : Math.round(f.en * 100) / 100 || 0, 2)}</td>
              <td>{date(f.causeAnalysis?.recordedAt)}</td>
              <td>{date(f.correctiveAction?.recordedAt)}</td>
              <td>{date(f.closed?.closedAt)}</td>
              <td className={overdue ? 'overdue' : undefined}>
                {date(f.dueAt)}
                {overdue && <strong> ({t('case.overdue')})</strong>}
              </td>
            </tr>
          );
        })}
      </Table>
    </>
  );
}
