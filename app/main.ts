import { createApp } from 'vue';
import App from './App.vue';
import { createAppPlugins } from './setup';
import './styles.css';

const { pinia, i18n, router } = createAppPlugins();
createApp(App).use(pinia).use(i18n).use(router).mount('#app');
