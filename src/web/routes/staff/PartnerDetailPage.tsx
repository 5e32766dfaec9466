import {
  Anchor,
  Badge,
  Card,
  Group,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { PARTNER_STATUSES } from '../../../shared/partners.js';
import type { PartnerAccount, User } from '../../api/types.js';
import { AuditTable } from '../../components/AuditTable.js';
import { ConfirmButton } from '../../components/ConfirmButton.js';
import { DataTable } from '../../components/DataTable.js';
import { ErrorText } from '../../components/ErrorText.js';
import { QueryState } from '../../components/QueryState.js';
import {
  IntegrationStateBadge,
  integrationMatters,
  PartnerStatusBadge,
} from '../../components/StatusBadges.js';
import { useAuditLog, useContacts, useMembers } from '../../features/account/queries.js';
import {
  useAssignConsultant,
  useChangeStatus,
  useDisableIntegration,
  useIntegrationAction,
  usePartner,
  useStaffUsers,
} from '../../features/partners/queries.js';
import { useFormat } from '../../i18n/format.js';
import { InviteForm, PendingInvites } from '../account/MembersTab.js';

function StaffControls({ partner, user }: { partner: PartnerAccount; user: User }) {
  const { t } = useTranslation();
  const isAdmin = user.role === 'admin';
  const canMove = isAdmin || partner.consultantUserId === user.id;
  const changeStatus = useChangeStatus(partner.id);
  const assign = useAssignConsultant(partner.id);
  const disable = useDisableIntegration(partner.id);
  const enable = useIntegrationAction(partner.id, 'enable');
  const consultants = useStaffUsers(isAdmin);
  const [reason, setReason] = useState('');
  // One step at a time, each confirmed: the server refuses going back, and a launch routes live orders.
  const next = PARTNER_STATUSES[PARTNER_STATUSES.indexOf(partner.status) + 1];
  return (
    <Card withBorder>
      <Stack>
        {canMove && next && (
          <ConfirmButton
            variant="light"
            w="fit-content"
            label={t('partnerDetail.advanceTo', { status: t(`partnerStatus.${next}`) })}
            question={t('partnerDetail.moveQuestion', {
              name: partner.name,
              from: t(`partnerStatus.${partner.status}`),
              to: t(`partnerStatus.${next}`),
            })}
            onConfirm={() => changeStatus.mutate(next)}
          />
        )}
        {isAdmin && (
          <Stack gap={4}>
            <Select
              label={t('partnerDetail.consultant')}
              clearable
              value={partner.consultantUserId}
              data={(consultants.data ?? [])
                .filter((u) => u.role === 'consultant')
                .map((u) => ({ value: u.id, label: `${u.name} <${u.email}>` }))}
              onChange={(value) => assign.mutate(value)}
            />
            {assign.isSuccess && (
              <Text size="sm" c="green" role="status">
                {t('partnerDetail.consultantSaved')}
              </Text>
            )}
          </Stack>
        )}
        {isAdmin && partner.status === 'launched' && partner.integrationState !== 'disabled' && (
          <ConfirmButton
            color="red"
            variant="light"
            w="fit-content"
            label={t('partnerDetail.disable')}
            question={t('partnerDetail.disableQuestion', { name: partner.name })}
            confirmDisabled={!reason.trim()}
            onConfirm={() => disable.mutate(reason)}
          >
            <Textarea
              label={t('integration.reason')}
              required
              value={reason}
              onChange={(e) => setReason(e.currentTarget.value)}
            />
          </ConfirmButton>
        )}
        {isAdmin && partner.integrationState === 'disabled' && (
          <ConfirmButton
            color="green"
            w="fit-content"
            label={t('partnerDetail.enable')}
            question={t('partnerDetail.enableQuestion', { name: partner.name })}
            onConfirm={() => enable.mutate()}
          />
        )}
        <ErrorText
          error={changeStatus.error ?? assign.error ?? disable.error ?? enable.error}
          labels={{
            status: t('partners.status'),
            consultantUserId: t('partnerDetail.consultant'),
            reason: t('integration.reason'),
          }}
        />
      </Stack>
    </Card>
  );
}

export function PartnerDetailPage({ user }: { user: User }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { partnerId = '' } = useParams();
  const partner = usePartner(partnerId);
  const contacts = useContacts(partnerId);
  const members = useMembers(partnerId);
  const audit = useAuditLog(partnerId);
  return (
    <QueryState isLoading={partner.isLoading} error={partner.error}>
      {partner.data && (
        <Stack>
          <Group>
            <Title order={2}>{partner.data.name}</Title>
            <Anchor component={Link} to={`/partners/${partnerId}/health`}>
              {t('nav.health')}
            </Anchor>
            <PartnerStatusBadge status={partner.data.status} />
            {integrationMatters(partner.data) ? (
              <IntegrationStateBadge state={partner.data.integrationState} />
            ) : (
              <Badge color="gray" variant="outline">
                {t('partnerDetail.notLaunched')}
              </Badge>
            )}
          </Group>
          {partner.data.stateReason && (
            <Text>{t('integration.reasonShown', { reason: partner.data.stateReason })}</Text>
          )}
          {partner.data.supportHours && (
            <Text size="sm">
              {t('partnerDetail.supportHours', {
                hours: partner.data.supportHours,
                zone: partner.data.supportTimezone ?? '',
              })}
            </Text>
          )}
          <StaffControls partner={partner.data} user={user} />
          <SimpleGrid cols={{ base: 1, md: 2 }}>
            <Card withBorder>
              <Title order={4}>{t('account.contacts')}</Title>
              {contacts.data?.map((c) => (
                <Text key={c.id} size="sm">
                  {t(`contactRoles.${c.role}`)}: {c.name} ·{' '}
                  <Anchor href={`mailto:${c.email}`}>{c.email}</Anchor> {c.phone ?? ''}
                </Text>
              ))}
              {contacts.data?.length === 0 && <Text c="dimmed">{t('contacts.none')}</Text>}
            </Card>
            <Card withBorder>
              <Title order={4}>{t('account.members')}</Title>
              {user.role === 'admin' && <InviteForm partnerId={partnerId} isPlatformAdmin />}
              <DataTable
                columns={[t('members.name'), t('members.email'), t('members.role'), t('members.lastLogin')]}
                rows={members.data}
                empty={t('members.none')}
                row={(m) => (
                  <Table.Tr key={m.id}>
                    <Table.Td>{m.name}</Table.Td>
                    <Table.Td>{m.email}</Table.Td>
                    <Table.Td>{t(`roles.${m.role}`)}</Table.Td>
                    <Table.Td>{m.lastLoginAt ? format.date(m.lastLoginAt) : '—'}</Table.Td>
                  </Table.Tr>
                )}
              />
              <PendingInvites partnerId={partnerId} canRevoke={user.role === 'admin'} />
            </Card>
          </SimpleGrid>
          <Title order={4}>{t('account.audit')}</Title>
          <AuditTable events={audit.data ?? []} />
        </Stack>
      )}
    </QueryState>
  );
}
