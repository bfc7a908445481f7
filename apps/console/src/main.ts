import 'element-plus/dist/index.css';
import { createWebHistory } from 'vue-router';
import { createApi } from './api/client';
import { createHttp } from './api/http';
import { createConsoleApp } from './app';

const { app } = createConsoleApp({
  api: createApi(createHttp()),
  history: createWebHistory('/console/'),
  navigate: (url) => window.location.assign(url),
});
app.mount('#app');
