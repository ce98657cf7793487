import { LANGS, useI18n } from './i18n.ts';

const NAMES = { vi: 'Tiếng Việt', en: 'English' } as const;

/** VI | EN, each named in its own language so a reader of either can find theirs. */
export function LanguageSwitch() {
  const { lang, setLang, t } = useI18n();
  return (
    <div class="language-switch" role="group" aria-label={t('nav.language')}>
      {LANGS.map((option) => (
        <button key={option} type="button" lang={option} aria-pressed={lang === option} title={NAMES[option]} onClick={() => setLang(option)}>
          {option.toUpperCase()}
        </button>
      ))}
    </div>
  );
}
