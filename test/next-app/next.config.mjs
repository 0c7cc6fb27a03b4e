/**
 * The fixture Next.js app: route handlers protected by `@jwt-guard/next`, built with
 * `next build` and served by `next start` in `next-app.test.ts`. Its build cache stays in
 * `.next/cache`, inside the fixture.
 *
 * @type {import('next').NextConfig}
 */
const config = {
  poweredByHeader: false,
  // `next dev` would otherwise write agent instruction files into the app's folder.
  agentRules: false,
  experimental: { agentUpgrade: false },
};

export default config;
