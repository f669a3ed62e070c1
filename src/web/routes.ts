/** Every page of the PWA. Only the home page ships in the first bundle; the rest load when opened. */
import type { ComponentType } from 'preact';
import { lazy } from 'preact-iso';
import { HomePage } from './home/HomePage.js';

// biome-ignore lint: pages receive their path parameters as props.
export const routes: ReadonlyArray<{ path: string; component: ComponentType<any> }> = [
  { path: '/', component: HomePage },
  { path: '/courses', component: lazy(() => import('./courses/CatalogPage.js').then((m) => m.CatalogPage)) },
  { path: '/courses/:id', component: lazy(() => import('./courses/CoursePage.js').then((m) => m.CoursePage)) },
  { path: '/lessons/:id', component: lazy(() => import('./lessons/LessonPage.js').then((m) => m.LessonPage)) },
  { path: '/learning', component: lazy(() => import('./learning/LearningPage.js').then((m) => m.LearningPage)) },
  { path: '/signup', component: lazy(() => import('./auth/SignUpPage.js').then((m) => m.SignUpPage)) },
  { path: '/signin', component: lazy(() => import('./auth/SignInPage.js').then((m) => m.SignInPage)) },
  { path: '/reset', component: lazy(() => import('./auth/ResetPasswordPage.js').then((m) => m.ResetPasswordPage)) },
  { path: '/profile', component: lazy(() => import('./profile/ProfilePage.js').then((m) => m.ProfilePage)) },
  { path: '/privacy', component: lazy(() => import('./privacy/PrivacyPage.js').then((m) => m.PrivacyPage)) },
];
