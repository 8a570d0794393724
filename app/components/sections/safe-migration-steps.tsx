import type { Section } from "~/content/schemas";

type SafeMigrationStepsData = Extract<Section, { _type: "safeMigrationSteps" }>;

/** An ordered list; the step number comes from a CSS counter so screen readers hear the list order. */
export function SafeMigrationSteps({ section }: { section: SafeMigrationStepsData }) {
  return (
    <section>
      <h2>{section.heading}</h2>
      <ol className="steps">
        {section.steps.map((step) => (
          <li key={step._key}>
            <h3>{step.title}</h3>
            <p>{step.text}</p>
          </li>
        ))}
      </ol>
    </section>
  );
}
