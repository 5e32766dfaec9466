import { AppShell, Burger, Group, Menu, NavLink, Text, UnstyledButton } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate } from 'react-router';
import { LOCALES } from '../../shared/locales.js';
import type { User } from '../api/types.js';
import { isStaff, useChangeLanguage, useLogout } from '../features/auth/session.js';
import { NotificationBell } from '../features/notifications/NotificationBell.js';
import { LANGUAGE_NAMES } from '../i18n/index.js';
import { ContactsPrompt, PartnerBanners } from './PartnerBanners.js';

interface NavItem {
  to: string;
  label: string;
  external?: boolean;
}

/** Partners see their organisation's pages; platform staff see the programme's. */
function navigationFor(user: User, t: (key: string) => string): NavItem[] {
  if (!isStaff(user)) {
    return [
      { to: '/', label: t('nav.overview') },
      { to: '/help', label: t('nav.help') },
      { to: '/cases', label: t('nav.cases') },
      ...(user.partnerId ? [{ to: `/partners/${user.partnerId}/health`, label: t('nav.health') }] : []),
      { to: '/account', label: t('nav.account') },
    ];
  }
  const items: NavItem[] = [
    { to: '/', label: t('nav.overview') },
    { to: '/partners', label: t('nav.partners') },
    { to: '/leads', label: t('nav.leads') },
    { to: '/health', label: t('nav.health') },
    { to: '/queue', label: t('nav.queue') },
    ...(user.role === 'triage' || user.role === 'admin' ? [{ to: '/triage', label: t('nav.triage') }] : []),
    { to: '/cases', label: t('nav.assignedCases') },
    { to: '/reports', label: t('nav.reports') },
    { to: '/pages', label: t('nav.pages') },
    { to: '/escalation-policies', label: t('nav.escalationPolicies') },
    { to: '/services', label: t('nav.services') },
    { to: '/schedules', label: t('nav.schedules') },
    { to: '/teams', label: t('nav.teams') },
    { to: '/audit', label: t('nav.audit') },
  ];
  if (user.role === 'admin') {
    items.push({ to: '/users', label: t('nav.users') });
    items.push({ to: '/outbox', label: t('nav.outbox') });
    items.push({ to: '/jobs', label: t('nav.jobs') });
    items.push({ to: '/settings/sla', label: t('nav.slaSettings') });
    items.push({ to: '/settings/health', label: t('nav.healthRules') });
    items.push({ to: '/api/docs/', label: t('nav.apiDocs'), external: true });
  }
  return items;
}

function UserMenu({ user }: { user: User }) {
  const { t, i18n } = useTranslation();
  const logout = useLogout();
  const changeLanguage = useChangeLanguage();
  const navigate = useNavigate();
  return (
    <Menu position="bottom-end" width={240}>
      <Menu.Target>
        {/* Named by what it shows (name and role); the menu says which address is signed in. */}
        <UnstyledButton data-testid="user-menu">
          <Text span display="block" fw={600} size="sm">
            {user.name}
          </Text>
          <Text span display="block" size="xs" c="dimmed">
            {t(`roles.${user.role}`)}
          </Text>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>{t('userMenu.signedInAs', { email: user.email })}</Menu.Label>
        {isStaff(user) && (
          <Menu.Item component={Link} to="/profile">
            {t('userMenu.profile')}
          </Menu.Item>
        )}
        <Menu.Divider />
        <Menu.Label>{t('userMenu.language')}</Menu.Label>
        {LOCALES.map((locale) => (
          <Menu.Item
            key={locale}
            onClick={() => changeLanguage.mutate(locale)}
            fw={i18n.language === locale ? 700 : undefined}
            aria-current={i18n.language === locale ? 'true' : undefined}
          >
            {LANGUAGE_NAMES[locale]}
          </Menu.Item>
        ))}
        <Menu.Divider />
        <Menu.Item color="red" onClick={() => logout.mutate(undefined, { onSettled: () => navigate('/') })}>
          {t('userMenu.signOut')}
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}

export function AppLayout({ user, children }: { user: User; children: ReactNode }) {
  const { t } = useTranslation();
  const [opened, { toggle, close }] = useDisclosure();
  const location = useLocation();
  return (
    <AppShell
      header={{ height: 60 }}
      navbar={{ width: 240, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding="md"
    >
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between">
          <Group>
            <Burger
              opened={opened}
              onClick={toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label={t('nav.toggle')}
              aria-expanded={opened}
            />
            <Text fw={700} size="lg">
              {t('app.name')}
            </Text>
            <Text size="sm" c="dimmed" visibleFrom="sm">
              {t('app.tagline')}
            </Text>
          </Group>
          <Group gap="sm" wrap="nowrap">
            {isStaff(user) && <NotificationBell />}
            <UserMenu user={user} />
          </Group>
        </Group>
      </AppShell.Header>
      {/* On a phone the navigation covers the page, so choosing an entry closes it. */}
      <AppShell.Navbar p="xs" aria-label="main">
        {navigationFor(user, t).map((item) =>
          item.external ? (
            <NavLink key={item.to} href={item.to} label={item.label} target="_blank" onClick={close} />
          ) : (
            <NavLink
              key={item.to}
              component={Link}
              to={item.to}
              label={item.label}
              onClick={close}
              active={item.to === '/' ? location.pathname === '/' : location.pathname.startsWith(item.to)}
            />
          ),
        )}
      </AppShell.Navbar>
      <AppShell.Main>
        {user.partnerId && <PartnerBanners partnerId={user.partnerId} />}
        <ContactsPrompt user={user} />
        {children}
      </AppShell.Main>
    </AppShell>
  );
}
