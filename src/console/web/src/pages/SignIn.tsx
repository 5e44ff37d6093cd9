import { useEffect, useState } from 'react';
import { completeOidcSignIn, devSignIn, startOidcSignIn, type Session } from '../auth';
import { ProblemNote } from '../components';
import { useI18n, type MessageKey } from '../i18n';
import type { ConsoleSettings } from '../settings';

/** 登录: through the identity provider when one is configured, otherwise the development sign-in. */
export function SignIn({ settings, onSignedIn }: { settings: ConsoleSettings; onSignedIn: (session: Session) => void }) {
  const { t, pick } = useI18n();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState<string>();
  return (
    <section className="sign-in" aria-labelledby="sign-in-title">
      <h1 id="sign-in-title">{t('signIn.title')}</h1>
      {settings.oidc && (
        <div>
          <p>{t('signIn.oidcAt', { issuer: settings.oidc.issuer })}</p>
          <button type="button" className="primary" onClick={() => startOidcSignIn(settings.oidc!).catch(setError)}>
            {t('signIn.oidc')}
          </button>
        </div>
      )}
      {settings.devUsers && (
        <>
          <p className="dev-banner" role="note">
            {t('signIn.devBanner')}
          </p>
          <h2>{t('signIn.users')}</h2>
          <ul className="user-list">
            {settings.devUsers.map((user) => (
              <li key={user.sub}>
                <button
                  type="button"
                  data-sub={user.sub}
                  aria-busy={busy === user.sub}
                  onClick={async () => {
                    setBusy(user.sub);
                    setError(undefined);
                    try {
                      onSignedIn(await devSignIn(user.sub));
                    } catch (e) {
                      setError(e);
                    } finally {
                      setBusy(undefined);
                    }
                  }}
                >
                  <span className="user-name">{pick(user.name)}</span>
                  <span className="user-role">{t(`role.${user.role}` as MessageKey)}</span>
                  <span className="user-what">{pick(user.description)}</span>
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
      {!settings.oidc && !settings.devUsers && <p role="alert">{t('signIn.none')}</p>}
      <ProblemNote error={error} />
    </section>
  );
}

/** Where the identity provider sends the browser back with the authorization code. */
export function OidcCallback({ settings, onSignedIn }: { settings: ConsoleSettings; onSignedIn: (session: Session) => void }) {
  const { t } = useI18n();
  const [error, setError] = useState<string>();
  useEffect(() => {
    if (!settings.oidc) return setError('no identity provider is configured');
    completeOidcSignIn(settings.oidc, new URLSearchParams(location.search)).then(onSignedIn, (e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  }, [settings, onSignedIn]);
  return <p role={error ? 'alert' : 'status'}>{error ? t('signIn.failed', { reason: error }) : t('signIn.callback')}</p>;
}
