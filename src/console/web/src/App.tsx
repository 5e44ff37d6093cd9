import { useCallback, useEffect, useState } from 'react';
import { setApiLocale, setApiToken, setUnauthenticatedHandler } from './api';
import { CALLBACK_PATH, loadSession, saveSession, type Session } from './auth';
import { LOCALES, useI18n, type MessageKey } from './i18n';
import { Link, match, navigate, usePath } from './router';
import type { ConsoleSettings, Role } from './settings';
import { OidcCallback, SignIn } from './pages/SignIn';
import { CaseList, CasePage } from './pages/Cases';
import { Apply } from './pages/Apply';
import { Certificates } from './pages/Certificates';
import { Inbox } from './pages/Inbox';
import { Specifications, SpecificationPage } from './pages/Specifications';
import { AuditCase, AuditHome } from './pages/Audit';
import { PlanDashboard } from './pages/Plan';
import { ComparisonPage, Comparisons } from './pages/Comparisons';

/** The pages each role finds in its navigation, first one the home page. */
const NAVIGATION: Record<Role, { href: string; label: MessageKey }[]> = {
  institution: [
    { href: '/cases', label: 'nav.cases' },
    { href: '/apply', label: 'nav.apply' },
    { href: '/certificates', label: 'nav.certificates' },
  ],
  secretariat: [
    { href: '/inbox', label: 'nav.inbox' },
    { href: '/cases', label: 'nav.allCases' },
    { href: '/specifications', label: 'nav.specifications' },
    { href: '/comparisons', label: 'nav.comparisons' },
    { href: '/plan', label: 'nav.plan' },
  ],
  expert: [
    { href: '/inbox', label: 'nav.inbox' },
    { href: '/cases', label: 'nav.assignments' },
    { href: '/specifications', label: 'nav.specifications' },
  ],
  auditor: [
    { href: '/audit', label: 'nav.audit' },
    { href: '/plan', label: 'nav.plan' },
    { href: '/cases', label: 'nav.allCases' },
    { href: '/comparisons', label: 'nav.comparisons' },
  ],
  admin: [{ href: '/cases', label: 'nav.allCases' }],
};

export function App({ settings }: { settings: ConsoleSettings }) {
  const { t, locale, setLocale, pick } = useI18n();
  const path = usePath();
  const [session, setSession] = useState<Session | undefined>(loadSession);
  const [expired, setExpired] = useState(false);
  setApiToken(session?.token);
  setApiLocale(locale);

  const signIn = useCallback((next: Session) => {
    saveSession(next);
    setSession(next);
    setExpired(false);
    navigate(NAVIGATION[next.roles[0] ?? 'admin']?.[0]?.href ?? '/');
  }, []);
  const signOut = useCallback(() => {
    saveSession(undefined);
    setSession(undefined);
    navigate('/');
  }, []);
  useEffect(() => {
    setUnauthenticatedHandler(() => {
      saveSession(undefined);
      setSession(undefined);
      setExpired(true);
    });
  }, []);

  const role = session?.roles[0];
  const nav = role ? NAVIGATION[role] : [];
  useEffect(() => {
    if (session && (path === '/' || path === CALLBACK_PATH || path === '/sign-in')) navigate(nav[0]?.href ?? '/cases');
  }, [session, path, nav]);

  let page;
  if (path === CALLBACK_PATH && !session) page = <OidcCallback settings={settings} onSignedIn={signIn} />;
  else if (!session || !role) page = <SignIn settings={settings} onSignedIn={signIn} />;
  else page = route(path, session);

  return (
    <>
      <a className="skip" href="#main">
        {t('app.skip')}
      </a>
      <header className="top">
        <span className="brand">{t('app.title')}</span>
        {session && settings.devUsers && session.via === 'development' && <span className="dev-tag">DEV</span>}
        <div className="top-tools">
          <label className="language">
            <span className="sr-only">{t('app.language')}</span>
            <select aria-label={t('app.language')} value={locale} onChange={(e) => setLocale(e.target.value as typeof locale)}>
              {LOCALES.map((l) => (
                <option key={l} value={l}>
                  {l === 'zh-CN' ? '中文' : 'English'}
                </option>
              ))}
            </select>
          </label>
          {session && role && (
            <>
              <span className="who">{t('app.signedInAs', { name: displayName(session, settings, pick), role: t(`role.${role}` as MessageKey) })}</span>
              <button type="button" onClick={signOut}>
                {t('app.signOut')}
              </button>
            </>
          )}
        </div>
      </header>
      {session && (
        <nav aria-label={t('app.nav')} className="main-nav">
          <ul>
            {nav.map((item) => (
              <li key={item.href}>
                <Link href={item.href} aria-current={path === item.href || path.startsWith(`${item.href}/`) ? 'page' : undefined}>
                  {t(item.label)}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      )}
      <main id="main" tabIndex={-1}>
        {expired && <p role="alert">{t('app.sessionExpired')}</p>}
        {page}
      </main>
    </>
  );
}

/** A demo user's name in the chosen language; otherwise the name the token gives. */
function displayName(session: Session, settings: ConsoleSettings, pick: (text: { en: string; 'zh-CN': string }) => string): string {
  const demo = session.via === 'development' ? settings.devUsers?.find((u) => u.sub === session.sub) : undefined;
  return demo ? pick(demo.name) : session.name;
}

function route(path: string, session: Session) {
  let params: Record<string, string> | undefined;
  if (path === '/cases') return <CaseList session={session} />;
  if ((params = match('/cases/:caseId', path))) return <CasePage key={params.caseId} caseId={params.caseId} session={session} />;
  if (path === '/apply') return <Apply />;
  if (path === '/certificates') return <Certificates />;
  if (path === '/inbox') return <Inbox />;
  if (path === '/specifications') return <Specifications />;
  if ((params = match('/specifications/:projectId', path))) return <SpecificationPage key={params.projectId} projectId={params.projectId} session={session} />;
  if (path === '/comparisons') return <Comparisons />;
  if ((params = match('/comparisons/:comparisonId', path))) return <ComparisonPage key={params.comparisonId} comparisonId={params.comparisonId} />;
  if (path === '/audit') return <AuditHome />;
  if ((params = match('/audit/:kind/:id', path))) return <AuditCase kind={params.kind} id={params.id} />;
  if (path === '/plan') return <PlanDashboard />;
  return <NotFound />;
}

function NotFound() {
  const { t } = useI18n();
  return <p>{t('app.notFound')}</p>;
}
