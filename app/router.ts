import { createRouter, createWebHistory, type RouteLocationRaw, type RouteLocationNormalized, type RouteRecordRaw, type RouterHistory } from 'vue-router';
import { useSessionStore } from './stores/session';
import type { Area, Me } from './api/types';
import AppLayout from './shell/AppLayout.vue';
import LoginView from './auth/LoginView.vue';
import HomeView from './shell/HomeView.vue';
import NotAllowedView from './shell/NotAllowedView.vue';
import NotFoundView from './shell/NotFoundView.vue';
import { AREA_ORDER, safeRedirect } from './ui/navigation';

declare module 'vue-router' {
  interface RouteMeta {
    /** Reachable without a session. */
    public?: boolean;
    /** The area (from `me.areas`) a user needs; children inherit it. */
    area?: Area;
    /** i18n key of the page title (document.title); children override their parent's. */
    title?: string;
    /** The user-guide article the screen's help link opens (default: the user's own role). */
    help?: 'employee' | 'agent' | 'owner' | 'analyst' | 'admin';
    /** The first-visit tour of the screen (app/knowledge/tours.ts). */
    tour?: string;
  }
}

const routes: RouteRecordRaw[] = [
  { path: '/login', name: 'login', component: LoginView, meta: { public: true, title: 'login.title' } },
  {
    path: '/',
    component: AppLayout,
    children: [
      {
        path: '',
        name: 'home',
        component: HomeView,
        beforeEnter: () => {
          const session = useSessionStore();
          const first = homeArea(session.me) ?? AREA_ORDER.find((area) => session.hasArea(area));
          return first ? { name: first } : true;
        },
      },
      {
        path: 'portal',
        component: () => import('./portal/PortalView.vue'),
        meta: { area: 'portal', title: 'areas.portal', help: 'employee', tour: 'portal' },
        children: [
          { path: '', name: 'portal', component: () => import('./portal/CatalogView.vue') },
          { path: 'new/:processKey', name: 'portal-start', component: () => import('./portal/StartRequestView.vue'), props: true, meta: { title: 'portal.start.title' } },
          { path: 'requests', name: 'portal-requests', component: () => import('./portal/MyRequestsView.vue'), meta: { title: 'portal.requests.title' } },
          { path: 'documents', name: 'portal-documents', component: () => import('./documents/PersonnelFileView.vue'), props: { employeeId: 'me' }, meta: { title: 'documents.myTitle' } },
          { path: 'requests/:id', name: 'portal-request', component: () => import('./portal/RequestDetailView.vue'), props: true, meta: { title: 'portal.detail.title' } },
        ],
      },
      { path: 'tasks', name: 'tasks', component: () => import('./tasks/TasksView.vue'), meta: { area: 'tasks', title: 'areas.tasks', help: 'agent', tour: 'tasks' } },
      {
        path: 'problems',
        meta: { area: 'problems', title: 'problems.title' },
        children: [
          { path: '', name: 'problems', component: () => import('./problems/ProblemsView.vue') },
          { path: 'recurring', name: 'problems-recurring', component: () => import('./problems/RecurringView.vue'), meta: { title: 'problems.recurring.title' } },
          { path: ':id', name: 'problem', component: () => import('./problems/ProblemDetailView.vue'), props: true },
        ],
      },
      { path: 'tasks/:id', name: 'task', component: () => import('./tasks/TaskDetailView.vue'), props: true, meta: { area: 'tasks', title: 'tasks.detail.title', help: 'agent' } },
      // Process owners set their department's SLAs here (admins also under admin/sla).
      { path: 'sla', name: 'sla', component: () => import('./admin/sla/SlaView.vue'), props: { standalone: true }, meta: { area: 'modeler', title: 'sla.title' } },
      // Process owners keep their departments' connector secrets here (admins also under admin/secrets).
      { path: 'personnel-files', name: 'personnel-files', component: () => import('./documents/PersonnelFilesView.vue'), meta: { title: 'documents.filesTitle' } },
      // GDPR export and erasure: admins and the privacy role (the server refuses everyone else).
      { path: 'privacy', name: 'privacy', component: () => import('./documents/PrivacyView.vue'), meta: { title: 'privacy.title' } },
      // Retention rules, legal holds and the deletion log: owners of a department and admins (the server refuses everyone else).
      { path: 'retention', name: 'retention', component: () => import('./documents/RetentionView.vue'), meta: { title: 'retention.title' } },
      { path: 'personnel-files/:employeeId', name: 'personnel-file', component: () => import('./documents/PersonnelFileView.vue'), props: true, meta: { title: 'documents.filesTitle' } },
      { path: 'team-calendar', name: 'team-calendar', component: () => import('./documents/TeamCalendarView.vue'), meta: { title: 'absences.title' } },
      { path: 'secrets', name: 'secrets', component: () => import('./admin/SecretsView.vue'), meta: { area: 'modeler', title: 'secrets.title' } },
      { path: 'settings/notifications', name: 'notification-settings', component: () => import('./notifications/NotificationSettingsView.vue'), meta: { title: 'notifications.settings.title' } },
      { path: 'modeler', meta: { area: 'modeler', title: 'areas.modeler', help: 'owner' }, children: [{ path: '', name: 'modeler', component: () => import('./modeler/ProcessListView.vue') }, { path: ':key', name: 'modeler-edit', component: () => import('./modeler/ModelerView.vue'), props: (r) => ({ processKey: r.params.key }) }, { path: ':key/versions', name: 'modeler-versions', component: () => import('./modeler/VersionsView.vue'), props: (r) => ({ processKey: r.params.key }) }] },
      {
        path: 'forms',
        meta: { area: 'forms', title: 'areas.forms', help: 'owner' },
        children: [
          { path: '', name: 'forms', component: () => import('./forms/FormsView.vue') },
          { path: 'new', name: 'forms-new', component: () => import('./forms/FormDesignerView.vue') },
          { path: ':key', name: 'forms-edit', component: () => import('./forms/FormDesignerView.vue'), props: (route) => ({ formKey: String(route.params.key) }) },
        ],
      },
      { path: 'insights', component: () => import('./insights/InsightsView.vue'), meta: { area: 'insights', title: 'areas.insights', help: 'analyst', tour: 'insights' }, children: [{ path: 'knowledge', name: 'insights-knowledge', component: () => import('./knowledge/KnowledgeInsights.vue'), meta: { title: 'knowledge.insights.title' } }, { path: '', name: 'insights', component: () => import('./insights/OverviewView.vue') }, { path: 'process', name: 'insights-process', component: () => import('./insights/ProcessView.vue'), meta: { title: 'insights.nav.process' } }, { path: 'compare', name: 'insights-compare', component: () => import('./insights/CompareView.vue'), meta: { title: 'insights.nav.compare' } }, { path: 'recurring', name: 'insights-recurring', component: () => import('./problems/RecurringView.vue'), meta: { title: 'problems.recurring.title' } }, { path: 'datasets', name: 'insights-datasets', component: () => import('./insights/DatasetsView.vue'), meta: { title: 'insights.nav.datasets' } }, { path: 'datasets/:id', name: 'insights-dataset', component: () => import('./insights/DatasetView.vue'), props: true, meta: { title: 'insights.nav.datasets' } }] },
      {
        path: 'admin',
        name: 'admin',
        component: () => import('./admin/AdminView.vue'),
        meta: { area: 'admin', help: 'admin' },
        redirect: { name: 'admin-users' },
        children: [
          { path: 'users', name: 'admin-users', component: () => import('./admin/UsersView.vue'), meta: { title: 'admin.users' } },
          { path: 'groups', name: 'admin-groups', component: () => import('./admin/GroupsView.vue'), meta: { title: 'admin.groups' } },
          { path: 'departments', name: 'admin-departments', component: () => import('./admin/DepartmentsView.vue'), meta: { title: 'admin.departments' } },
          { path: 'key-ownership', name: 'admin-key-ownership', component: () => import('./admin/KeyOwnershipView.vue'), meta: { title: 'keyOwnership.title' } },
          { path: 'calendars', name: 'admin-calendars', component: () => import('./admin/sla/CalendarsView.vue'), meta: { title: 'sla.calendars' } },
          { path: 'sla', name: 'admin-sla', component: () => import('./admin/sla/SlaView.vue'), meta: { title: 'sla.title' } },
          { path: 'secrets', name: 'admin-secrets', component: () => import('./admin/SecretsView.vue'), meta: { title: 'secrets.title' } },
          { path: 'mailboxes', name: 'admin-mailboxes', component: () => import('./admin/MailboxesView.vue'), meta: { title: 'mailboxes.title' } },
        ],
      },
      // The knowledge base and Lotse's user guide: every signed-in user reads; authors write.
      {
        path: 'knowledge',
        meta: { title: 'knowledge.title', tour: 'knowledge' },
        children: [
          { path: '', name: 'knowledge', component: () => import('./knowledge/KnowledgeView.vue') },
          { path: 'new', name: 'knowledge-new', component: () => import('./knowledge/ArticleEditor.vue'), meta: { tour: undefined } },
          { path: ':id', name: 'knowledge-article', component: () => import('./knowledge/ArticleView.vue'), props: true, meta: { tour: undefined } },
          { path: ':id/edit', name: 'knowledge-edit', component: () => import('./knowledge/ArticleEditor.vue'), props: true, meta: { tour: undefined } },
        ],
      },
      { path: 'help/:role(employee|agent|owner|analyst|admin)', name: 'help', component: () => import('./knowledge/ArticleView.vue'), props: true, meta: { title: 'knowledge.help.link' } },
      // Both keep the typed URL; the guard sends area-less users to the second by name.
      { path: ':pathMatch(.*)*', name: 'not-found', component: NotFoundView, meta: { title: 'notFound.title' } },
      { path: ':pathMatch(.*)*', name: 'not-allowed', component: NotAllowedView, meta: { title: 'notAllowed.title' } },
    ],
  },
];

/**
 * Where a role's work is, so sign-in lands there: agents (members of a group) on their task list,
 * process owners in the modeller, analysts in Insights, admins in the administration, everyone
 * else (employees) in the portal. A redirect after sign-in still wins (safeRedirect).
 */
export function homeArea(me: Pick<Me, 'roles' | 'groups' | 'areas'> | null | undefined): Area | null {
  if (!me) return null;
  const has = (area: Area) => me.areas.includes(area);
  const role = (r: string) => me.roles.some((g) => g.role === r);
  if (me.groups.length > 0 && has('tasks')) return 'tasks';
  if (role('owner') && has('modeler')) return 'modeler';
  if (role('analyst') && has('insights')) return 'insights';
  if (role('admin') && has('admin')) return 'admin';
  return has('portal') ? 'portal' : null;
}

function loginLocation(to: RouteLocationNormalized): RouteLocationRaw {
  return to.fullPath === '/' ? { name: 'login' } : { name: 'login', query: { redirect: to.fullPath } };
}

/** The app's router: session and area guards included; tests pass a memory history. */
export function createAppRouter(history: RouterHistory = createWebHistory()) {
  const router = createRouter({ history, routes });

  router.beforeEach(async (to) => {
    const session = useSessionStore();
    try {
      await session.ensureLoaded();
    } catch {
      // Server unreachable: treat as signed out; the login form reports the network error.
    }
    if (to.meta.public) {
      if (session.signedIn && to.name === 'login') return safeRedirect(to.query.redirect) ?? { name: 'home' };
      return true;
    }
    if (!session.signedIn) return loginLocation(to);
    if (to.meta.area && !session.hasArea(to.meta.area)) {
      return { name: 'not-allowed', params: { pathMatch: to.path.slice(1).split('/') }, query: to.query, hash: to.hash };
    }
    return true;
  });

  return router;
}

export type AppRouter = ReturnType<typeof createAppRouter>;
