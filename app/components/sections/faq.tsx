import type { Section } from "~/content/schemas";

type FaqData = Extract<Section, { _type: "faq" }>;

/** Questions as `<details>`: they open and close without JavaScript. */
export function Faq({ section }: { section: FaqData }) {
  return (
    <section>
      <h2>{section.heading}</h2>
      {section.items.map((item) => (
        <details key={item._key}>
          <summary>{item.question}</summary>
          <div>
            <p>{item.answer}</p>
          </div>
        </details>
      ))}
    </section>
  );
}
