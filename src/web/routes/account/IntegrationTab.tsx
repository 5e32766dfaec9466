import { Alert, Group, Stack, Text, Textarea } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PartnerAccount, User } from '../../api/types.js';
import { ConfirmButton } from '../../components/ConfirmButton.js';
import { DateTimeField } from '../../components/DateTimeField.js';
import { ErrorText } from '../../components/ErrorText.js';
import { IntegrationStateBadge } from '../../components/StatusBadges.js';
import { useIntegrationAction, usePauseIntegration } from '../../features/partners/queries.js';
import { useFormat } from '../../i18n/format.js';

function PauseControl({ partner, label }: { partner: PartnerAccount; label: string }) {
  const { t } = useTranslation();
  const pause = usePauseIntegration(partner.id);
  const [reason, setReason] = useState('');
  const [until, setUntil] = useState('');
  const labels = { reason: t('integration.reason'), expectedEnd: t('integration.expectedEnd') };
  return (
    <ConfirmButton
      color="yellow"
      label={label}
      question={t('integration.pauseQuestion')}
      confirmDisabled={!reason.trim()}
      onOpen={() => {
        // Changing a pause starts from the one in force; a new pause starts empty.
        pause.reset();
        setReason(partner.integrationState === 'paused' ? (partner.stateReason ?? '') : '');
        setUntil(partner.integrationState === 'paused' ? (partner.pausedUntil ?? '') : '');
      }}
      onConfirm={() =>
        pause.mutateAsync({ reason, expectedEnd: until ? new Date(until).toISOString() : null })
      }
    >
      <Stack>
        <Textarea
          label={t('integration.reason')}
          required
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
        />
        <DateTimeField
          label={t('integration.expectedEnd')}
          description={t('integration.expectedEndHint')}
          clearable
          value={until}
          onChange={setUntil}
        />
        <ErrorText error={pause.error} labels={labels} />
      </Stack>
    </ConfirmButton>
  );
}

export function IntegrationTab({ partner, user }: { partner: PartnerAccount; user: User }) {
  const { t } = useTranslation();
  const format = useFormat();
  const resume = useIntegrationAction(partner.id, 'resume');
  const canToggle = user.role === 'partner_admin';
  return (
    <Stack>
      <Group>
        <Text fw={600}>{t('integration.state')}</Text>
        <IntegrationStateBadge state={partner.integrationState} />
      </Group>
      {partner.stateReason && <Text>{t('integration.reasonShown', { reason: partner.stateReason })}</Text>}
      {partner.stateChangedAt && (
        <Text size="sm" c="dimmed">
          {t('integration.since', {
            date: format.dateTime(partner.stateChangedAt),
            who: partner.stateChangedBy ?? t('audit.system'),
          })}
        </Text>
      )}
      {partner.pausedUntil && (
        <Text size="sm">{t('integration.resumesAt', { date: format.dateTime(partner.pausedUntil) })}</Text>
      )}
      {partner.status !== 'launched' && <Alert color="gray">{t('integration.notLaunched')}</Alert>}
      {partner.integrationState === 'disabled' && (
        <Alert color="red">{t('integration.disabledExplained')}</Alert>
      )}
      {canToggle && partner.status === 'launched' && partner.integrationState === 'active' && (
        <PauseControl partner={partner} label={t('integration.pause')} />
      )}
      {canToggle && partner.integrationState === 'paused' && (
        <Group>
          <ConfirmButton
            color="green"
            label={t('integration.resume')}
            question={t('integration.resumeQuestion')}
            onConfirm={() => resume.mutate()}
          />
          <PauseControl partner={partner} label={t('integration.changePause')} />
        </Group>
      )}
      {!canToggle && (
        <Text size="sm" c="dimmed">
          {t('integration.adminsOnly')}
        </Text>
      )}
      <ErrorText error={resume.error} />
    </Stack>
  );
}
