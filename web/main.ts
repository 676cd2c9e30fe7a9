import { createPinia } from 'pinia';
import { createApp } from 'vue';
import App from './App.vue';
import { i18n } from './i18n/index.ts';
import { router } from './router.ts';
import { bridge } from './stores/worker.ts';
import './styles.css';

createApp(App).use(createPinia()).use(router).use(i18n).mount('#app');

// rows of imports that finished while a tab was closing, or under a version that kept them
bridge.call('sweepFinished', undefined).catch((err: unknown) => console.warn('could not clear the staged rows of finished imports', err));
