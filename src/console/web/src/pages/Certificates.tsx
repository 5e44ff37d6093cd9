import { api } from '../api';
import { Loaded, StatusBadge, useLoad, Table } from '../components';
import { useI18n } from '../i18n';
import { Link } from '../router';
import type { StandardRow } from '../types';

const DAY = 86_400_000;
/** Re-examination must be applied for six months before expiry: highlight from then on. */
const SOON_DAYS = 183;

/** 我的证书: the institution's standards with their current certificate, expiry highlighted. */
export function Certificates() {
  const { t, date } = useI18n();
  const state = useLoad(() => api.get<StandardRow[]>('/api/v1/standards'), []);
  return (
    <section aria-labelledby="certs-title">
      <h1 id="certs-title">{t('certs.title')}</h1>
      <Loaded state={state}>
        {(rows) => (
          <Table rows={rows} headings={[t('case.standard'), t('certs.number'), t('case.status'), t('certs.validUntil')]}>
            {rows.map((row) => {
              const days = Math.ceil((Date.parse(`${row.validUntil}T23:59:59+08:00`) - Date.now()) / DAY);
              const soon = days >= 0 && days <= SOON_DAYS;
              return (
                <tr key={row.id} className={days < 0 ? 'row-expired' : soon ? 'row-soon' : undefined}>
                  <td>
                    <Link href={`/cases/${row.caseId}`}>{row.name}</Link>
                  </td>
                  <td className="certificate">{row.certificateNo}</td>
                  <td>
                    <StatusBadge prefix="cert" status={row.status} />
                  </td>
                  <td>
                    {date(row.validUntil)}
                    {soon && <strong className="expiry"> {t('certs.expiresSoon', { days })}</strong>}
                    {days < 0 && <strong className="expiry"> {t('certs.expired')}</strong>}
                  </td>
                </tr>
              );
            })}
          </Table>
        )}
      </Loaded>
    </section>
  );
}
