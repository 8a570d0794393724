/** Renders a campaign's or page's sections in order, each by its `_type`. */
import type { Section } from "~/content/schemas";
import { CallToAction } from "./call-to-action";
import { Faq } from "./faq";
import { HotlineBlock } from "./hotline-block";
import { MythFact } from "./myth-fact";
import { SafeMigrationSteps } from "./safe-migration-steps";
import type { SectionContext } from "./section-context";
import { SignsChecklist } from "./signs-checklist";
import { StorySection } from "./story-section";

function SectionView({ section, context }: { section: Section; context: SectionContext }) {
  switch (section._type) {
    case "storySection":
      return <StorySection section={section} />;
    case "signsChecklist":
      return <SignsChecklist section={section} />;
    case "mythFact":
      return <MythFact section={section} />;
    case "safeMigrationSteps":
      return <SafeMigrationSteps section={section} />;
    case "hotlineBlock":
      return (
        <HotlineBlock
          id={`hotlines-${section._key}`}
          heading={section.heading}
          intro={section.intro}
          countries={section.countries && section.countries.length > 0 ? section.countries : context.campaignCountries}
          hotlines={context.hotlines}
        />
      );
    case "callToAction":
      return <CallToAction section={section} context={context} />;
    case "faq":
      return <Faq section={section} />;
  }
}

export function SectionList({ sections, context }: { sections: readonly Section[]; context: SectionContext }) {
  return (
    <>
      {sections.map((section) => (
        <SectionView key={section._key} section={section} context={context} />
      ))}
    </>
  );
}
