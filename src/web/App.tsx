import { Center, Loader } from '@mantine/core';
import { type ComponentType, lazy, type ReactNode, Suspense, useEffect } from 'react';
import { Route, Routes } from 'react-router';
import type { User } from './api/types.js';
import { isStaff, useSession } from './features/auth/session.js';
import { LoginPage } from './routes/LoginPage.js';

/*
 * The first load carries what a visitor sees first, the sign-in page; everything behind it (the app
 * shell, each page, the staff pages) is its own chunk, fetched when its route is first shown.
 */

/** A page's chunk, loaded on first render; `load` also warms it up ahead of time. */
function lazyPage<Props>(load: () => Promise<ComponentType<Props>>) {
  return Object.assign(
    lazy(() => load().then((component) => ({ default: component }))),
    { load },
  );
}

const AppLayout = lazyPage(() => import('./components/AppLayout.js').then((m) => m.AppLayout));
const OverviewPage = lazyPage(() => import('./routes/OverviewPage.js').then((m) => m.OverviewPage));
const NotFoundPage = lazyPage(() => import('./routes/NotFoundPage.js').then((m) => m.NotFoundPage));
const GetHelpPage = lazyPage(() => import('./routes/GetHelpPage.js').then((m) => m.GetHelpPage));
const AccountPage = lazyPage(() => import('./routes/account/AccountPage.js').then((m) => m.AccountPage));
const PartnerCasesPage = lazyPage(() =>
  import('./routes/cases/CasesPage.js').then((m) => m.PartnerCasesPage),
);
const AssignedCasesPage = lazyPage(() =>
  import('./routes/cases/CasesPage.js').then((m) => m.AssignedCasesPage),
);
const NewCasePage = lazyPage(() => import('./routes/cases/NewCasePage.js').then((m) => m.NewCasePage));
const CaseDetailPage = lazyPage(() =>
  import('./routes/cases/CaseDetailPage.js').then((m) => m.CaseDetailPage),
);
const QueuePage = lazyPage(() => import('./routes/cases/QueuePage.js').then((m) => m.QueuePage));
const TriagePage = lazyPage(() => import('./routes/cases/TriagePage.js').then((m) => m.TriagePage));
const ReportsPage = lazyPage(() => import('./routes/staff/ReportsPage.js').then((m) => m.ReportsPage));
const HealthRulesPage = lazyPage(() =>
  import('./routes/staff/HealthRulesPage.js').then((m) => m.HealthRulesPage),
);
const PartnerHealthPage = lazyPage(() =>
  import('./routes/health/PartnerHealthPage.js').then((m) => m.PartnerHealthPage),
);
const HealthOverviewPage = lazyPage(() =>
  import('./routes/health/HealthOverviewPage.js').then((m) => m.HealthOverviewPage),
);
const SlaSettingsPage = lazyPage(() =>
  import('./routes/staff/SlaSettingsPage.js').then((m) => m.SlaSettingsPage),
);
const InterestPage = lazyPage(() => import('./routes/public/InterestPage.js').then((m) => m.InterestPage));
const AcceptInvitePage = lazyPage(() =>
  import('./routes/public/AcceptInvitePage.js').then((m) => m.AcceptInvitePage),
);
const PartnersPage = lazyPage(() => import('./routes/PartnersPage.js').then((m) => m.PartnersPage));
const PartnerDetailPage = lazyPage(() =>
  import('./routes/staff/PartnerDetailPage.js').then((m) => m.PartnerDetailPage),
);
const LeadsPage = lazyPage(() => import('./routes/staff/LeadsPage.js').then((m) => m.LeadsPage));
const AuditPage = lazyPage(() => import('./routes/staff/AuditPage.js').then((m) => m.AuditPage));
const UsersPage = lazyPage(() => import('./routes/staff/UsersPage.js').then((m) => m.UsersPage));
const OutboxPage = lazyPage(() => import('./routes/staff/OutboxPage.js').then((m) => m.OutboxPage));
const JobsPage = lazyPage(() => import('./routes/JobsPage.js').then((m) => m.JobsPage));
const PagesPage = lazyPage(() => import('./routes/pages/PagesPage.js').then((m) => m.PagesPage));
const PageDetailPage = lazyPage(() =>
  import('./routes/pages/PageDetailPage.js').then((m) => m.PageDetailPage),
);
const EscalationPoliciesPage = lazyPage(() =>
  import('./routes/oncall/EscalationPoliciesPage.js').then((m) => m.EscalationPoliciesPage),
);
const ServicesPage = lazyPage(() => import('./routes/oncall/ServicesPage.js').then((m) => m.ServicesPage));
const ProfilePage = lazyPage(() => import('./routes/profile/ProfilePage.js').then((m) => m.ProfilePage));
const EscalationLinkPage = lazyPage(() =>
  import('./routes/public/EscalationLinkPage.js').then((m) => m.EscalationLinkPage),
);
const PageActionPage = lazyPage(() =>
  import('./routes/public/PageActionPage.js').then((m) => m.PageActionPage),
);
const SchedulesPage = lazyPage(() => import('./routes/oncall/SchedulesPage.js').then((m) => m.SchedulesPage));
const SchedulePage = lazyPage(() => import('./routes/oncall/SchedulePage.js').then((m) => m.SchedulePage));
const TeamsPage = lazyPage(() => import('./routes/oncall/TeamsPage.js').then((m) => m.TeamsPage));

function Loading() {
  return (
    <Center mih="50vh">
      <Loader />
    </Center>
  );
}

function Lazy({ children }: { children: ReactNode }) {
  return <Suspense fallback={<Loading />}>{children}</Suspense>;
}

function partnerRoutes(user: User & { partnerId: string }) {
  return (
    <>
      <Route path="/help" element={<GetHelpPage partnerId={user.partnerId} />} />
      <Route path="/account" element={<AccountPage user={user} />} />
      <Route path="/cases" element={<PartnerCasesPage partnerId={user.partnerId} />} />
      <Route path="/cases/new" element={<NewCasePage partnerId={user.partnerId} />} />
      <Route path="/partners/:partnerId/health" element={<PartnerHealthPage />} />
    </>
  );
}

function staffRoutes(user: User) {
  return (
    <>
      <Route path="/partners" element={<PartnersPage user={user} />} />
      <Route path="/partners/:partnerId" element={<PartnerDetailPage user={user} />} />
      <Route path="/partners/:partnerId/health" element={<PartnerHealthPage />} />
      <Route path="/health" element={<HealthOverviewPage />} />
      <Route path="/leads" element={<LeadsPage user={user} />} />
      <Route path="/cases" element={<AssignedCasesPage />} />
      <Route path="/queue" element={<QueuePage />} />
      {(user.role === 'triage' || user.role === 'admin') && <Route path="/triage" element={<TriagePage />} />}
      <Route path="/reports" element={<ReportsPage />} />
      <Route path="/pages" element={<PagesPage />} />
      <Route path="/pages/:pageId" element={<PageDetailPage />} />
      <Route path="/escalation-policies" element={<EscalationPoliciesPage user={user} />} />
      <Route path="/services" element={<ServicesPage user={user} />} />
      <Route path="/profile" element={<ProfilePage user={user} />} />
      <Route path="/schedules" element={<SchedulesPage user={user} />} />
      <Route path="/schedules/:scheduleId" element={<SchedulePage user={user} />} />
      <Route path="/teams" element={<TeamsPage user={user} />} />
      <Route path="/audit" element={<AuditPage />} />
      {user.role === 'admin' && <Route path="/settings/sla" element={<SlaSettingsPage />} />}
      {user.role === 'admin' && <Route path="/settings/health" element={<HealthRulesPage />} />}
      {user.role === 'admin' && <Route path="/users" element={<UsersPage user={user} />} />}
      {user.role === 'admin' && <Route path="/outbox" element={<OutboxPage />} />}
      {user.role === 'admin' && <Route path="/jobs" element={<JobsPage />} />}
    </>
  );
}

function SignedInApp({ user }: { user: User }) {
  return (
    <Lazy>
      <AppLayout user={user}>
        <Lazy>
          <Routes>
            <Route path="/" element={<OverviewPage user={user} />} />
            {isStaff(user)
              ? staffRoutes(user)
              : user.partnerId && partnerRoutes({ ...user, partnerId: user.partnerId })}
            <Route path="/cases/:caseId" element={<CaseDetailPage user={user} />} />
            <Route path="*" element={<NotFoundPage />} />
          </Routes>
        </Lazy>
      </AppLayout>
    </Lazy>
  );
}

export function App() {
  const { session, isLoading } = useSession();
  // While someone reads the sign-in page (or /auth/me answers), fetch the shell and start page in the
  // background, so signing in does not wait for them.
  useEffect(() => {
    void AppLayout.load();
    void OverviewPage.load();
  }, []);
  return (
    <Routes>
      <Route
        path="/interest"
        element={
          <Lazy>
            <InterestPage />
          </Lazy>
        }
      />
      <Route
        path="/invite/:token"
        element={
          <Lazy>
            <AcceptInvitePage />
          </Lazy>
        }
      />
      <Route
        path="/escalation-links/:token"
        element={
          <Lazy>
            <EscalationLinkPage />
          </Lazy>
        }
      />
      <Route
        path="/page-actions/:token"
        element={
          <Lazy>
            <PageActionPage />
          </Lazy>
        }
      />
      <Route
        path="*"
        element={
          isLoading ? (
            <Center mih="100vh">
              <Loader />
            </Center>
          ) : session ? (
            <SignedInApp user={session.user} />
          ) : (
            <LoginPage />
          )
        }
      />
    </Routes>
  );
}
