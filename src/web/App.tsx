import { Center, Loader } from '@mantine/core';
import { Route, Routes } from 'react-router';
import type { User } from './api/types.js';
import { AppLayout } from './components/AppLayout.js';
import { isStaff, useSession } from './features/auth/session.js';
import { AccountPage } from './routes/account/AccountPage.js';
import { CaseDetailPage } from './routes/cases/CaseDetailPage.js';
import { AssignedCasesPage, PartnerCasesPage } from './routes/cases/CasesPage.js';
import { NewCasePage } from './routes/cases/NewCasePage.js';
import { GetHelpPage } from './routes/GetHelpPage.js';
import { JobsPage } from './routes/JobsPage.js';
import { LoginPage } from './routes/LoginPage.js';
import { NotFoundPage } from './routes/NotFoundPage.js';
import { OverviewPage } from './routes/OverviewPage.js';
import { PartnersPage } from './routes/PartnersPage.js';
import { AcceptInvitePage } from './routes/public/AcceptInvitePage.js';
import { InterestPage } from './routes/public/InterestPage.js';
import { AuditPage } from './routes/staff/AuditPage.js';
import { LeadsPage } from './routes/staff/LeadsPage.js';
import { OutboxPage } from './routes/staff/OutboxPage.js';
import { PartnerDetailPage } from './routes/staff/PartnerDetailPage.js';
import { UsersPage } from './routes/staff/UsersPage.js';

function partnerRoutes(user: User & { partnerId: string }) {
  return (
    <>
      <Route path="/help" element={<GetHelpPage partnerId={user.partnerId} />} />
      <Route path="/account" element={<AccountPage user={user} />} />
      <Route path="/cases" element={<PartnerCasesPage partnerId={user.partnerId} />} />
      <Route path="/cases/new" element={<NewCasePage partnerId={user.partnerId} />} />
    </>
  );
}

function staffRoutes(user: User) {
  return (
    <>
      <Route path="/partners" element={<PartnersPage user={user} />} />
      <Route path="/partners/:partnerId" element={<PartnerDetailPage user={user} />} />
      <Route path="/leads" element={<LeadsPage user={user} />} />
      <Route path="/cases" element={<AssignedCasesPage />} />
      <Route path="/audit" element={<AuditPage />} />
      {user.role === 'admin' && <Route path="/users" element={<UsersPage user={user} />} />}
      {user.role === 'admin' && <Route path="/outbox" element={<OutboxPage />} />}
      {user.role === 'admin' && <Route path="/jobs" element={<JobsPage />} />}
    </>
  );
}

function SignedInApp({ user }: { user: User }) {
  return (
    <AppLayout user={user}>
      <Routes>
        <Route path="/" element={<OverviewPage user={user} />} />
        {isStaff(user)
          ? staffRoutes(user)
          : user.partnerId && partnerRoutes({ ...user, partnerId: user.partnerId })}
        <Route path="/cases/:caseId" element={<CaseDetailPage user={user} />} />
        <Route path="*" element={<NotFoundPage />} />
      </Routes>
    </AppLayout>
  );
}

export function App() {
  const { session, isLoading } = useSession();
  return (
    <Routes>
      <Route path="/interest" element={<InterestPage />} />
      <Route path="/invite/:token" element={<AcceptInvitePage />} />
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
