/**
 * Passwords refused whatever their length: the most common ones of 12 characters or more in
 * public breach lists, and obvious patterns of this project's own words. Compared lower-cased.
 * Short on purpose (a deny list is a seat belt; the length rule and argon2 do the rest): add to it
 * when a guess comes to mind that a person here might choose.
 */
const LIST = `
123456789012
1234567890123
12345678901234
123456789123
1q2w3e4r5t6y
1qaz2wsx3edc
qwertyuiopasdfgh
qwertyuiop123
qwerty123456
qwertyuiop12
password1234
password12345
password123456
passwordpassword
p@ssw0rd1234
iloveyou1234
abcdefghijkl
abcdef123456
abc123456789
aaaaaaaaaaaa
111111111111
000000000000
987654321098
letmein12345
welcome12345
welcome123456
changeme1234
administrator
administrator1
adminadmin123
admin1234567
superman1234
football1234
baseball1234
sunshine1234
princess1234
trustno11234
monkey123456
dragon123456
passw0rdpassw0rd
protectcampaigns
protect-campaigns
campaigns123
campaigns2026
staffpassword
staff-password
staff-dev-password
silkroute123
silkroute2026
qwertyqwerty
asdfghjkl123
zxcvbnm12345
`;

export const COMMON_PASSWORDS: ReadonlySet<string> = new Set(
  LIST.split("\n")
    .map((line) => line.trim().toLowerCase())
    .filter(Boolean),
);
