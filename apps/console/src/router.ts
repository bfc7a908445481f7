import { createRouter, type RouterHistory } from 'vue-router';

export const NAV = [
  { name: 'orders', path: '/orders', title: '订单' },
  { name: 'pool', path: '/pool', title: '群池' },
  { name: 'failures', path: '/failures', title: '失败与重试' },
  { name: 'figures', path: '/figures', title: '数据' },
  { name: 'handover', path: '/handover', title: '交接' },
  { name: 'audit', path: '/audit', title: '操作日志' },
] as const;

/** History routing under /console (the history's base); each view is its own chunk. */
export function createConsoleRouter(history: RouterHistory) {
  return createRouter({
    history,
    routes: [
      { path: '/', redirect: '/orders' },
      { path: '/orders', name: 'orders', component: () => import('./views/OrdersView.vue') },
      {
        path: '/orders/:orderId',
        name: 'order',
        component: () => import('./views/OrderDetailView.vue'),
        props: true,
      },
      { path: '/pool', name: 'pool', component: () => import('./views/PoolView.vue') },
      { path: '/failures', name: 'failures', component: () => import('./views/FailuresView.vue') },
      { path: '/figures', name: 'figures', component: () => import('./views/FiguresView.vue') },
      { path: '/handover', name: 'handover', component: () => import('./views/HandoverView.vue') },
      { path: '/audit', name: 'audit', component: () => import('./views/AuditView.vue') },
      { path: '/:rest(.*)*', redirect: '/orders' },
    ],
  });
}
