import { Stack, Tabs, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import type { User } from '../../api/types.js';
import { AuditTable } from '../../components/AuditTable.js';
import { QueryState } from '../../components/QueryState.js';
import { useAuditLog } from '../../features/account/queries.js';
import { usePartner } from '../../features/partners/queries.js';
import { ContactsTab } from './ContactsTab.js';
import { IntegrationTab } from './IntegrationTab.js';
import { MembersTab } from './MembersTab.js';
import { TokensTab } from './TokensTab.js';

function AuditTab({ partnerId }: { partnerId: string }) {
  const audit = useAuditLog(partnerId);
  return (
    <QueryState isLoading={audit.isLoading} error={audit.error}>
      <AuditTable events={audit.data ?? []} />
    </QueryState>
  );
}

/** Account & users: members, the integration toggle, escalation contacts, API tokens and the audit log. */
export function AccountPage({ user }: { user: User & { partnerId: string } }) {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const partner = usePartner(user.partnerId);
  const isAdmin = user.role === 'partner_admin';
  const tab = params.get('tab') ?? 'members';
  return (
    <Stack>
      <Title order={2}>{t('account.title')}</Title>
      <QueryState isLoading={partner.isLoading} error={partner.error}>
        {partner.data && (
          <Tabs value={tab} onChange={(value) => setParams(value ? { tab: value } : {})} keepMounted={false}>
            <Tabs.List>
              <Tabs.Tab value="members">{t('account.members')}</Tabs.Tab>
              <Tabs.Tab value="integration">{t('account.integration')}</Tabs.Tab>
              <Tabs.Tab value="contacts">{t('account.contacts')}</Tabs.Tab>
              {isAdmin && <Tabs.Tab value="tokens">{t('account.tokens')}</Tabs.Tab>}
              {isAdmin && <Tabs.Tab value="audit">{t('account.audit')}</Tabs.Tab>}
            </Tabs.List>
            <Tabs.Panel value="members" pt="md">
              <MembersTab partnerId={user.partnerId} user={user} />
            </Tabs.Panel>
            <Tabs.Panel value="integration" pt="md">
              <IntegrationTab partner={partner.data} user={user} />
            </Tabs.Panel>
            <Tabs.Panel value="contacts" pt="md">
              <ContactsTab partner={partner.data} user={user} />
            </Tabs.Panel>
            {isAdmin && (
              <Tabs.Panel value="tokens" pt="md">
                <TokensTab partnerId={user.partnerId} />
              </Tabs.Panel>
            )}
            {isAdmin && (
              <Tabs.Panel value="audit" pt="md">
                <AuditTab partnerId={user.partnerId} />
              </Tabs.Panel>
            )}
          </Tabs>
        )}
      </QueryState>
    </Stack>
  );
}
