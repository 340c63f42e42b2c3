// What every mail the service sends ends with: who sent it (the brand's name), its website and
// its privacy links, in the recipient's language. Text and HTML say the same.
import type { Brand } from '../domain/brands';
import { fill, type Messages } from '../web/i18n';

export function footerLines(brand: Brand, m: Messages): string[] {
  return [
    `— ${brand.name}`,
    fill(m.mail.footer, { brand: brand.name }),
    ...(brand.websiteUrl ? [brand.websiteUrl] : []),
    ...(brand.privacyPolicyUrl ? [`${m.common.privacyPolicy}: ${brand.privacyPolicyUrl}`] : []),
  ];
}

export function FooterHtml({ brand, m }: { brand: Brand; m: Messages }) {
  return (
    <p style="font-size: 14px; color: #57606a; border-top: 1px solid #d0d7de; padding-top: 12px;">
      <strong>{brand.name}</strong>
      <br />
      {fill(m.mail.footer, { brand: brand.name })}
      {brand.websiteUrl ? (
        <>
          <br />
          <a href={brand.websiteUrl} style={`color: ${brand.accent};`}>
            {brand.websiteUrl}
          </a>
        </>
      ) : null}
      {brand.privacyPolicyUrl ? (
        <>
          <br />
          <a href={brand.privacyPolicyUrl} style={`color: ${brand.accent};`}>
            {m.common.privacyPolicy}
          </a>
        </>
      ) : null}
    </p>
  );
}
