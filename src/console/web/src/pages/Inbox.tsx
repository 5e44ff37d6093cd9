import { api } from '../api';
import { Institution, Loaded, useLoad, Table } from '../components';
import { useI18n } from '../i18n';
import { Link } from '../router';
import type { Task } from '../types';
import { Due } from './Cases';

/** 待办事项: what to do, on which case, by when; the API orders it overdue first. */
export function Inbox() {
  const { t, pick } = useI18n();
  const state = useLoad(() => api.get<Task[]>('/api/v1/inbox'), []);
  return (
    <section aria-labelledby="inbox-title">
      <h1 id="inbox-title">{t('inbox.title')}</h1>
      <button type="button" onClick={state.reload}>
        {t('app.refresh')}
      </button>
      <Loaded state={state}>
        {(tasks) => (
          <Table rows={tasks} headings={[t('inbox.what'), t('case.standard'), t('case.institution'), t('case.due')]}>
            {tasks.map((task, i) => (
              <tr key={`${task.caseId ?? task.comparisonId}:${task.action}:${i}`} className={task.overdue ? 'row-overdue' : undefined}>
                <td>
                  {task.caseId ? (
                    <Link href={`/cases/${task.caseId}`}>{pick(task.title)}</Link>
                  ) : task.comparisonId ? (
                    <Link href={`/comparisons/${task.comparisonId}`}>{pick(task.title)}</Link>
                  ) : (
                    pick(task.title)
                  )}
                </td>
                <td>{task.standard?.name ?? task.comparisonTitle ?? '—'}</td>
                <td>{task.institutionId ? <Institution id={task.institutionId} /> : '—'}</td>
                <td>
                  <Due at={task.dueAt} />
                </td>
              </tr>
            ))}
          </Table>
        )}
      </Loaded>
    </section>
  );
}
