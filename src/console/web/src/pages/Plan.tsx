import { useMemo } from 'react';
import { api } from '../api';
import { Chart, type ChartOption } from '../charts';
import { Loaded, useLoad } from '../components';
import { useI18n } from '../i18n';
import type { ProgressReport } from '../types';

/** 规划进度: each target of the plan against what the events show, with charts and the tables behind them. */
export function PlanDashboard() {
  const { t } = useI18n();
  const state = useLoad(() => api.get<ProgressReport>('/api/v1/plan/progress'), []);
  return (
    <section aria-labelledby="plan-title">
      <h1 id="plan-title">{t('plan.title')}</h1>
      <Loaded state={state}>{(report) => <PlanReport report={report} />}</Loaded>
    </section>
  );
}

function PlanReport({ report }: { report: ProgressReport }) {
  const { t, pick, number, date } = useI18n();
  const recorded = report.rows.filter((r) => r.actual !== null);
  const targets: ChartOption = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { data: [t('plan.target'), t('plan.actual')] },
      grid: { left: 8, right: 16, bottom: 8, top: 40, containLabel: true },
      xAxis: { type: 'value' },
      yAxis: { type: 'category', data: recorded.map((r) => pick(r.label)), axisLabel: { width: 160, overflow: 'truncate' } },
      series: [
        { name: t('plan.target'), type: 'bar', data: recorded.map((r) => r.target), itemStyle: { color: '#9aa5b1' } },
        { name: t('plan.actual'), type: 'bar', data: recorded.map((r) => r.actual ?? 0), itemStyle: { color: '#1d5fa8' } },
      ],
    }),
    [report, t, pick],
  );
  const counties = [...new Map(report.standardsByCountyAndCategory.map((r) => [r.division, pick(r.county)])).entries()];
  const byCounty: ChartOption = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { data: [t('plan.established'), t('plan.upgraded')] },
      grid: { left: 8, right: 16, bottom: 8, top: 40, containLabel: true },
      xAxis: { type: 'category', data: counties.map(([, name]) => name), axisLabel: { interval: 0, rotate: 30 } },
      yAxis: { type: 'value', minInterval: 1 },
      series: (['established', 'upgraded'] as const).map((key) => ({
        name: t(`plan.${key}`),
        type: 'bar' as const,
        stack: 'total',
        data: counties.map(([division]) => report.standardsByCountyAndCategory.filter((r) => r.division === division).reduce((n, r) => n + r[key], 0)),
      })),
    }),
    [report, t, pick],
  );
  return (
    <>
      <p>
        {pick(report.name)} · {report.period} · {t('plan.asOf', { date: date(report.asOf) })}
      </p>
      <Chart option={targets} label={t('plan.title')} height={Math.max(240, recorded.length * 56)} />
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t('plan.indicator')}</th>
              <th scope="col">{t('plan.target')}</th>
              <th scope="col">{t('plan.actual')}</th>
              <th scope="col">{t('plan.gap')}</th>
            </tr>
          </thead>
          <tbody>
            {report.rows.map((row) => (
              <tr key={row.id} className={row.gap ? 'row-gap' : undefined}>
                <th scope="row">{pick(row.label)}</th>
                <td>
                  {number(row.target)} {row.unit}
                </td>
                <td>{row.actual === null ? t('plan.notRecorded') : number(row.actual)}</td>
                <td>{row.gap === null ? '—' : number(row.gap)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>{t('plan.byCounty')}</h2>
      {counties.length ? <Chart option={byCounty} label={t('plan.byCounty')} /> : <p>{t('app.empty')}</p>}
      <h2>{t('plan.expiring')}</h2>
      {report.expiringCertificates.length === 0 ? (
        <p>{t('app.empty')}</p>
      ) : (
        <ul>
          {report.expiringCertificates.map((c) => (
            <li key={c.standardId}>
              {c.name} · <span className="certificate">{c.certificateNo}</span> · {date(c.validUntil)}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
