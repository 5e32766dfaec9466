import { Center, Loader } from '@mantine/core';
import { Route, Routes } from 'react-router';
import { AppLayout } from './components/AppLayout.js';
import { isStaff, useSession } from './features/auth/session.js';
import { JobsPage } from './routes/JobsPage.js';
import { LoginPage } from './routes/LoginPage.js';
import { NotFoundPage } from './routes/NotFoundPage.js';
import { OverviewPage } from './routes/OverviewPage.js';
import { PartnersPage } from './routes/PartnersPage.js';

export function App() {
  const { session, isLoading } = useSession();
  if (isLoading) {
    return (
      <Center mih="100vh">
        <Loader />
      </Center>
    );
  }
  if (!session) return <LoginPage />;
  const { user } = session;
  return (
    <AppLayout user={user}>
      <Routes>
        <Route path="/" element={<OverviewPage user={user} />} />
        {isStaff(user) && <Route path="/partners" element={<PartnersPage user={user} />} />}
        {user.role === 'admin' && <Route path="/jobs" element={<JobsPage />} />}
        <Route path="*" element={<NotFoundPage />} />
      </Routes>
    </AppLayout>
  );
}
