import { Select, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { QueryState } from '../../components/QueryState.js';
import { overridesFrom } from '../../features/health-rules/fields.js';
import {
  usePartnerRules,
  usePlatformRules,
  useSavePartnerRules,
  useSavePlatformRules,
} from '../../features/health-rules/queries.js';
import { RulesForm } from '../../features/health-rules/RulesForm.js';
import { usePartners } from '../../features/partners/queries.js';

/**
 * Partner health detection thresholds for platform admins: the platform's defaults, or one partner's overrides
 * over them (a quiet partner may need a higher minimum, a partner on a lower objective a looser one).
 */
export function HealthRulesPage() {
  const { t } = useTranslation();
  const partners = usePartners();
  const [partnerId, setPartnerId] = useState<string | null>(null);
  return (
    <Stack maw={980}>
      <div>
        <Title order={2}>{t('healthRules.title')}</Title>
        <Text size="sm" c="dimmed">
          {t('healthRules.intro')}
        </Text>
      </div>
      <Select
        label={t('healthRules.scope')}
        placeholder={t('healthRules.platform')}
        clearable
        searchable
        value={partnerId}
        onChange={setPartnerId}
        data={(partners.data ?? []).map((p) => ({ value: p.id, label: p.name }))}
        maw={400}
      />
      {partnerId ? <PartnerRules key={partnerId} partnerId={partnerId} /> : <PlatformRules />}
    </Stack>
  );
}

function PlatformRules() {
  const rules = usePlatformRules();
  const save = useSavePlatformRules();
  return (
    <QueryState isLoading={rules.isLoading} error={rules.error}>
      {rules.data && (
        <RulesForm
          key={JSON.stringify(rules.data.overrides)}
          settings={rules.data.settings}
          base={rules.data.builtIn}
          saving={save.isPending}
          error={save.error}
          onSave={(edited) =>
            save.mutate(
              overridesFrom(
                rules.data.overrides as object as Record<string, unknown>,
                rules.data.builtIn,
                edited,
              ),
            )
          }
          onReset={() => save.reset()}
        />
      )}
    </QueryState>
  );
}

function PartnerRules({ partnerId }: { partnerId: string }) {
  const rules = usePartnerRules(partnerId);
  const save = useSavePartnerRules(partnerId);
  return (
    <QueryState isLoading={rules.isLoading} error={rules.error}>
      {rules.data && (
        <RulesForm
          key={JSON.stringify(rules.data.overrides)}
          settings={rules.data.settings}
          base={rules.data.platform}
          saving={save.isPending}
          error={save.error}
          onSave={(edited) =>
            save.mutate(
              overridesFrom(
                rules.data.overrides as object as Record<string, unknown>,
                rules.data.platform,
                edited,
              ),
            )
          }
          onReset={() => save.reset()}
        />
      )}
    </QueryState>
  );
}
