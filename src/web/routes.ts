/**
 * Every page of the PWA. Only the home page ships in the first bundle; the rest load when opened.
 * A page needs a signed-in person unless it says `public: true` (the sign-in pages always are): a signed-out
 * visitor is sent to sign-in and brought back (auth/return-path.tsx).
 */
import type { ComponentType } from 'preact';
import { lazy } from 'preact-iso';
import { HomePage } from './home/HomePage.js';

// biome-ignore lint: pages receive their path parameters as props.
export const routes: ReadonlyArray<{ path: string; component: ComponentType<any>; public?: true }> = [
  { path: '/', component: HomePage, public: true },
  { path: '/courses', component: lazy(() => import('./courses/CatalogPage.js').then((m) => m.CatalogPage)), public: true },
  { path: '/courses/:id', component: lazy(() => import('./courses/CoursePage.js').then((m) => m.CoursePage)), public: true },
  { path: '/lessons/:id', component: lazy(() => import('./lessons/LessonPage.js').then((m) => m.LessonPage)) },
  { path: '/learning', component: lazy(() => import('./learning/LearningPage.js').then((m) => m.LearningPage)) },
  { path: '/signup', component: lazy(() => import('./auth/SignUpPage.js').then((m) => m.SignUpPage)), public: true },
  { path: '/signin', component: lazy(() => import('./auth/SignInPage.js').then((m) => m.SignInPage)), public: true },
  { path: '/signin/complete', component: lazy(() => import('./auth/CompleteSignInPage.js').then((m) => m.CompleteSignInPage)), public: true },
  { path: '/reset', component: lazy(() => import('./auth/ResetPasswordPage.js').then((m) => m.ResetPasswordPage)), public: true },
  { path: '/profile', component: lazy(() => import('./me/ProfilePage.js').then((m) => m.ProfilePage)) },
  { path: '/author', component: lazy(() => import('./authoring/AuthorHomePage.js').then((m) => m.AuthorHomePage)) },
  { path: '/author/courses/:id', component: lazy(() => import('./authoring/CourseEditorPage.js').then((m) => m.CourseEditorPage)) },
  { path: '/author/lessons/:id', component: lazy(() => import('./authoring/LessonEditorPage.js').then((m) => m.LessonEditorPage)) },
  { path: '/author/lessons/:id/preview', component: lazy(() => import('./authoring/LessonPreviewPage.js').then((m) => m.LessonPreviewPage)) },
  { path: '/quizzes/:id', component: lazy(() => import('./quizzes/AttemptPage.js').then((m) => m.QuizStartPage)) },
  { path: '/attempts/:id', component: lazy(() => import('./quizzes/AttemptPage.js').then((m) => m.AttemptPage)) },
  { path: '/certificates', component: lazy(() => import('./certificates/CertificatesPage.js').then((m) => m.CertificatesPage)) },
  { path: '/verify/:code', component: lazy(() => import('./certificates/VerifyPage.js').then((m) => m.VerifyPage)), public: true },
  { path: '/author/courses/:id/quizzes', component: lazy(() => import('./quizzes/QuizBankPage.js').then((m) => m.QuizBankPage)) },
  { path: '/dashboard/:code', component: lazy(() => import('./dashboards/DashboardPage.js').then((m) => m.DashboardPage)) },
  { path: '/members/:code', component: lazy(() => import('./members/MembersPage.js').then((m) => m.MembersPage)) },
  { path: '/campaigns', component: lazy(() => import('./campaigns/CampaignsPage.js').then((m) => m.CampaignsPage)) },
  { path: '/campaigns/:id', component: lazy(() => import('./campaigns/CampaignsPage.js').then((m) => m.CampaignPage)) },
  { path: '/audit', component: lazy(() => import('./audit/AuditPage.js').then((m) => m.AuditPage)) },
  { path: '/admin', component: lazy(() => import('./admin/AdminPage.js').then((m) => m.AdminPage)) },
  { path: '/admin/units', component: lazy(() => import('./admin/units/UnitsPage.js').then((m) => m.UnitsPage)) },
  { path: '/admin/webhooks', component: lazy(() => import('./admin/webhooks/WebhooksPage.js').then((m) => m.WebhooksPage)) },
  { path: '/admin/tokens', component: lazy(() => import('./admin/tokens/TokensPage.js').then((m) => m.TokensPage)) },
  // Issue 16: people and roles (admins act, managers look).
  { path: '/people', component: lazy(() => import('./people/PeoplePage.js').then((m) => m.PeoplePage)) },
  { path: '/people/:id', component: lazy(() => import('./people/PersonPage.js').then((m) => m.PersonPage)) },
  { path: '/admin/identity', component: lazy(() => import('./admin/identity/IdentityPage.js').then((m) => m.IdentityPage)) },
  // Issue 13, teams area: a unit's teams and hamlets (managers), the helper hub and "my team".
  { path: '/teams/:code', component: lazy(() => import('./teams/TeamsPage.js').then((m) => m.TeamsPage)) },
  { path: '/teams/:code/:id', component: lazy(() => import('./teams/TeamPage.js').then((m) => m.TeamPage)) },
  { path: '/helper', component: lazy(() => import('./teams/HelperPages.js').then((m) => m.HelperHubPage)) },
  { path: '/helper/team', component: lazy(() => import('./teams/HelperPages.js').then((m) => m.MyTeamPage)) },
  { path: '/helper/signup', component: lazy(() => import('./assisted/SignupPage.js').then((m) => m.AssistedSignupPage)) },
  { path: '/signin/card', component: lazy(() => import('./cards/CardSignInPage.js').then((m) => m.CardSignInPage)), public: true },
  { path: '/the', component: lazy(() => import('./cards/CardLandingPage.js').then((m) => m.CardLandingPage)), public: true },
  { path: '/helper/cards', component: lazy(() => import('./cards/HelperCardsPage.js').then((m) => m.HelperCardsPage)) },
  { path: '/help', component: lazy(() => import('./requests/HelpPage.js').then((m) => m.HelpPage)) },
  { path: '/helper/requests', component: lazy(() => import('./requests/HelperRequestsPage.js').then((m) => m.HelperRequestsPage)) },
  { path: '/helper/classes', component: lazy(() => import('./classes/ClassesPage.js').then((m) => m.ClassesPage)) },
  { path: '/helper/classes/:id', component: lazy(() => import('./classes/ClassPage.js').then((m) => m.ClassPage)) },
  { path: '/privacy', component: lazy(() => import('./privacy/PrivacyPage.js').then((m) => m.PrivacyPage)), public: true },
  // Issue 16: privacy requests a helper or manager makes on a citizen's behalf.
  { path: '/helper/privacy', component: lazy(() => import('./privacy/OnBehalfPage.js').then((m) => m.OnBehalfPage)) },
  // Figures and review (issue 13).
  { path: '/review/:code', component: lazy(() => import('./assisted/ReviewPage.js').then((m) => m.ReviewPage)) },
  { path: '/helper/figures', component: lazy(() => import('./assisted/HelperFiguresPage.js').then((m) => m.HelperFiguresPage)) },
  // Issue 14, tasks-budget-news area: an event's tasks and budget, a unit's tasks, the news and its editor.
  { path: '/organise/events/:id/tasks', component: lazy(() => import('./event-tasks/TasksPages.js').then((m) => m.EventTasksPage)) },
  { path: '/organise/events/:id/budget', component: lazy(() => import('./event-tasks/BudgetPage.js').then((m) => m.BudgetPage)) },
  { path: '/units/:code/tasks', component: lazy(() => import('./event-tasks/TasksPages.js').then((m) => m.UnitTasksPage)) },
  { path: '/organise/news', component: lazy(() => import('./news/NewsEditorPage.js').then((m) => m.NewsEditorPage)) },
  { path: '/news', component: lazy(() => import('./news/NewsPages.js').then((m) => m.NewsListPage)), public: true },
  { path: '/news/:slug', component: lazy(() => import('./news/NewsPages.js').then((m) => m.NewsArticlePage)), public: true },
  // Events, venues, programme, public event page (issue 14, events area).
  { path: '/organise', component: lazy(() => import('./events/OrganisePage.js').then((m) => m.OrganisePage)) },
  { path: '/organise/events/:id', component: lazy(() => import('./events/EventEditorPage.js').then((m) => m.EventEditorPage)) },
  { path: '/organise/events/:id/programme', component: lazy(() => import('./events/ProgrammePage.js').then((m) => m.ProgrammePage)) },
  { path: '/organise/events/:id/venues', component: lazy(() => import('./events/VenuesPage.js').then((m) => m.VenuesPage)) },
  { path: '/events/:slug', component: lazy(() => import('./events/PublicEventPage.js').then((m) => m.PublicEventPage)), public: true },
  // Issue 14, launch area: the organiser's launch button and screens, a leader's button, the big screen.
  { path: '/organise/events/:id/launch', component: lazy(() => import('./launch/LaunchSetupPage.js').then((m) => m.LaunchSetupPage)) },
  { path: '/launch/:id', component: lazy(() => import('./launch/LeaderPage.js').then((m) => m.LeaderPage)) },
  { path: '/screen', component: lazy(() => import('./launch/ScreenPage.js').then((m) => m.ScreenPage)), public: true },
  // Check-in at the door and live attendance (issue 14, check-in).
  { path: '/organise/events/:id/scan', component: lazy(() => import('./checkin/ScanPage.js').then((m) => m.ScanPage)) },
  { path: '/organise/events/:id/attendance', component: lazy(() => import('./checkin/AttendancePage.js').then((m) => m.AttendancePage)) },
  // Issue 14, invitations area: the invitation link (public), my invitations, the organiser's and a unit's invitations.
  { path: '/invite', component: lazy(() => import('./invitations/InvitePage.js').then((m) => m.InvitePage)), public: true },
  { path: '/invitations', component: lazy(() => import('./invitations/MyInvitationsPage.js').then((m) => m.MyInvitationsPage)) },
  { path: '/organise/events/:id/invitations', component: lazy(() => import('./invitations/OrganiseInvitationsPage.js').then((m) => m.OrganiseInvitationsPage)) },
  { path: '/units/:code/invitations', component: lazy(() => import('./invitations/UnitInvitationsPage.js').then((m) => m.UnitInvitationsPage)) },
];
