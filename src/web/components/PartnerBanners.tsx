import { Alert, Anchor, Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { api } from '../api/client.js';
import type { User } from '../api/types.js';
import { usePartner } from '../features/partners/queries.js';
import { useFormat } from '../i18n/format.js';

/** Shown on every page of a partner user: a paused or disabled integration, and a missing emergency contact. */
export function PartnerBanners({ partnerId }: { partnerId: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const partner = usePartner(partnerId).data;
  if (!partner) return null;
  return (
    <Stack gap="xs" mb="md">
      {partner.integrationState === 'paused' && (
        <Alert color="yellow" title={t('banner.pausedTitle')} data-testid="integration-banner">
          {t('banner.paused', { reason: partner.stateReason ?? '' })}
          {partner.pausedUntil && ` ${t('banner.resumesAt', { date: format.dateTime(partner.pausedUntil) })}`}{' '}
          <Anchor component={Link} to="/account?tab=integration">
            {t('banner.manage')}
          </Anchor>
        </Alert>
      )}
      {partner.integrationState === 'disabled' && (
        <Alert color="red" title={t('banner.disabledTitle')} data-testid="integration-banner">
          {t('banner.disabled', { reason: partner.stateReason ?? '' })}
        </Alert>
      )}
      {partner.status === 'launched' && !partner.hasTechnicalEmergencyContact && (
        <Alert color="orange" data-testid="contact-warning">
          {t('banner.noEmergencyContact')}{' '}
          <Anchor component={Link} to="/account?tab=contacts">
            {t('banner.addContact')}
          </Anchor>
        </Alert>
      )}
    </Stack>
  );
}

/** On a partner admin's first visit, ask for escalation contacts once. */
export function ContactsPrompt({ user }: { user: User }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const opened = user.role === 'partner_admin' && user.contactsPromptedAt === null;
  const settle = async (goToContacts: boolean) => {
    await api('PATCH', '/auth/me', { contactsPrompted: true });
    await queryClient.invalidateQueries({ queryKey: ['session'] });
    if (goToContacts) navigate('/account?tab=contacts');
  };
  return (
    <Modal
      opened={opened}
      onClose={() => void settle(false)}
      title={t('prompt.title')}
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      <Text mb="md">{t('prompt.body')}</Text>
      <Group justify="flex-end">
        <Button variant="default" onClick={() => void settle(false)}>
          {t('prompt.later')}
        </Button>
        <Button onClick={() => void settle(true)}>{t('prompt.setUp')}</Button>
      </Group>
    </Modal>
  );
}
