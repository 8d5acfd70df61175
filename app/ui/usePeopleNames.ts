import { ref, watch, type Ref } from 'vue';
import type { DirectoryPerson } from '../api/contract';
import { personByEmail } from '../api/people';

/**
 * The people behind the e-mail addresses a view shows (request data, timeline actors), looked up
 * once per page and batched (personByEmail). Addresses nobody has, or a directory that does not
 * answer, leave the address as it is: the map simply has no entry for it.
 */
export function usePeopleNames(addresses: () => string[]): Ref<Map<string, DirectoryPerson>> {
  const people = ref(new Map<string, DirectoryPerson>());
  watch(
    addresses,
    (list) => {
      for (const address of new Set(list)) {
        if (people.value.has(address)) continue;
        personByEmail(address).then(
          (person) => {
            if (person) people.value = new Map(people.value).set(address, person);
          },
          () => {},
        );
      }
    },
    { immediate: true },
  );
  return people;
}
