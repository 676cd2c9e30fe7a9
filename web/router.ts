import { createRouter, createWebHistory } from 'vue-router';
import { useSession } from './stores/session.ts';

export const router = createRouter({
  history: createWebHistory(),
  routes: [
    { path: '/', redirect: '/import' },
    { path: '/signin-form', component: () => import('./pages/SignInPage.vue'), meta: { public: true } },
    { path: '/import', component: () => import('./pages/ImportPage.vue') },
    { path: '/history', component: () => import('./pages/HistoryPage.vue') },
    { path: '/records/:dataset?', component: () => import('./pages/RecordsPage.vue') },
    { path: '/history/:id', component: () => import('./pages/ImportDetailPage.vue'), props: true },
  ],
});

router.beforeEach(async (to) => {
  const session = useSession();
  if (!session.checked) await session.load();
  if (!to.meta.public && !session.me) return { path: '/signin-form', query: { next: to.fullPath } };
  return true;
});
