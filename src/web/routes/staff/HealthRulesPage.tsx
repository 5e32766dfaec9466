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
  return <ScopedRules rules={rules} save={save} inherited={(data) => data.builtIn} />;
}

function PartnerRules({ partnerId }: { partnerId: string }) {
  const rules = usePartnerRules(partnerId);
  const save = useSavePartnerRules(partnerId);
  return <ScopedRules rules={rules} save={save} inherited={(data) => data.platform} />;
}

interface Scoped {
  settings: unknown;
  overrides: unknown;
}

/** The form over one scope's settings; `inherited` is what a field falls back to when not overridden. */
function ScopedRules<D extends Scoped>({
  rules,
  save,
  inherited,
}: {
  rules: { data?: D; isLoading: boolean; error: Error | null };
  save: { mutate(body: object): void; reset(): void; isPending: boolean; error: Error | null };
  inherited(data: D): unknown;
}) {
  const data = rules.data;
  return (
    <QueryState isLoading={rules.isLoading} error={rules.error}>
      {data && (
        <RulesForm
          key={JSON.stringify(data.overrides)}
          settings={data.settings}
          base={inherited(data)}
          saving={save.isPending}
          error={save.error}
          onSave={(edited) =>
            save.mutate(overridesFrom(data.overrides as Record<string, unknown>, inherited(data), edited))
          }
          onReset={() => save.reset()}
        />
      )}
    </QueryState>
  );
}
