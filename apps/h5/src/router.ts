import { createRouter, createWebHistory, type Router, type RouterHistory } from 'vue-router';
import OrderPage from './pages/OrderPage.vue';

/** History routing: the server answers /orders/:orderId with index.html. */
export function createAppRouter(history: RouterHistory = createWebHistory()): Router {
  return createRouter({
    history,
    routes: [
      // The first screen: bundled with the entry so the create button is not one more request away.
      { path: '/orders/:orderId', component: OrderPage, props: true },
      // WeCom's toolbar and profile pages have one fixed URL: find the order from the context.
      { path: '/', component: () => import('./pages/EntryPage.vue') },
      { path: '/:rest(.*)*', component: () => import('./pages/NotFoundPage.vue') },
    ],
  });
}
