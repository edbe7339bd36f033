# phishdesk: one image for web and worker processes (the role comes from ROLE or `serve --role`).
# Debian's own Chromium and CJK font, as on the development machines: captures and PDFs never use a
# downloaded browser. Node 24 is the current LTS (the suite also runs on it: npm run test:lts).
FROM node:24-bookworm-slim

RUN apt-get update \
  && apt-get install -y --no-install-recommends chromium fonts-noto-cjk ca-certificates \
     python3 make g++ \
  && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build:web

# Embedded database and evidence live here when DATABASE_URL is not set; mount a volume.
ENV DATA_DIR=/data CHROMIUM_PATH=/usr/bin/chromium PORT=8080 SMTP_PORT=2525
RUN mkdir -p /data && chown node:node /data
VOLUME /data
USER node
EXPOSE 8080 2525
HEALTHCHECK --interval=30s --timeout=5s CMD ["node", "-e", "fetch('http://127.0.0.1:'+process.env.PORT+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# What `npm start` runs after its checks: the image already has Chromium and the built console.
CMD ["node", "bin/phishdesk.mjs", "serve"]
