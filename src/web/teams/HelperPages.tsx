/**
 * The helper's corner: the hub that links every helper page (`/helper`), and "my team" (`/helper/team`):
 * the team, its commune, the hamlets it covers and its members, by name only.
 */
import { t } from '../i18n/i18n.js';
import { ErrorMessage, Loading } from '../ui/Feedback.js';
import { useApi } from '../ui/useApi.js';

const helperPages = [
  { href: '/helper/team', title: 'helper.team', hint: 'helper.teamHint' },
  { href: '/helper/signup', title: 'helper.signup', hint: 'helper.signupHint' },
  { href: '/helper/cards', title: 'helper.cards', hint: 'helper.cardsHint' },
  { href: '/helper/requests', title: 'helper.requests', hint: 'helper.requestsHint' },
  { href: '/helper/classes', title: 'helper.classes', hint: 'helper.classesHint' },
  { href: '/helper/figures', title: 'helper.figures', hint: 'helper.figuresHint' },
  { href: '/helper/privacy', title: 'privacyRequests.title', hint: 'privacyRequests.hint' },
] as const;

export function HelperHubPage() {
  return (
    <>
      <h1>{t('helper.title')}</h1>
      <p>{t('helper.intro')}</p>
      <ul class="plain-list">
        {helperPages.map((page) => (
          <li key={page.href}>
            <a class="button button--secondary" href={page.href}>
              {t(page.title)}
            </a>
            <p class="muted">{t(page.hint)}</p>
          </li>
        ))}
      </ul>
    </>
  );
}

export function MyTeamPage() {
  const { data, error } = useApi('GET /api/me/teams');
  if (error) return error.status === 403 ? <p>{t('helper.noTeam')}</p> : <ErrorMessage error={error} />;
  if (!data) return <Loading />;
  return (
    <>
      <p>
        <a href="/helper">← {t('helper.title')}</a>
      </p>
      <h1>{t('helper.team')}</h1>
      {data.teams.length === 0 ? <p>{t('helper.noTeam')}</p> : null}
      {data.teams.map((team) => (
        <section class="card" key={team.id}>
          <h2>{team.name}</h2>
          <p>{team.unit.fullName}</p>
          <p>{team.hamlets.length > 0 ? t('teams.covers', { hamlets: team.hamlets.map((h) => h.name).join(', ') }) : t('teams.coversAll', { unit: team.unit.fullName })}</p>
          <h3>{t('teams.members', { count: team.members.length })}</h3>
          <ul class="plain-list">
            {team.members.map((m) => (
              <li key={m.id}>
                {m.fullName}
                {m.leader ? <span class="badge">{t('teams.leader')}</span> : null}
              </li>
            ))}
          </ul>
        </section>
      ))}
    </>
  );
}
