import { Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { User } from '../../api/types.js';
import { NotificationRulesSection } from '../../features/profile/NotificationRulesSection.js';
import { WebhookSection } from '../../features/profile/WebhookSection.js';

/** The signed-in staff member's own settings: how pages reach them. */
export function ProfilePage({ user }: { user: User }) {
  const { t } = useTranslation();
  return (
    <Stack maw={860}>
      <div>
        <Title order={2}>{t('profile.title')}</Title>
        <Text size="sm" c="dimmed">
          {user.name} · {user.email} · {t(`roles.${user.role}`)}
        </Text>
      </div>
      <NotificationRulesSection />
      <WebhookSection />
    </Stack>
  );
}
