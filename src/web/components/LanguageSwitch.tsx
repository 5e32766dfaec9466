import { Group, SegmentedControl } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { LOCALES } from '../../shared/locales.js';
import { isLocale } from '../i18n/detect.js';
import { chooseLanguage, LANGUAGE_NAMES } from '../i18n/index.js';

/** For pages without a signed-in user (sign-in, interest, invitation): the language, remembered on this device. */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <Group justify="flex-end">
      <SegmentedControl
        size="xs"
        aria-label={t('userMenu.language')}
        value={i18n.language}
        onChange={(value) => isLocale(value) && chooseLanguage(value)}
        data={LOCALES.map((locale) => ({
          value: locale,
          label: <span lang={locale}>{LANGUAGE_NAMES[locale]}</span>,
        }))}
      />
    </Group>
  );
}
