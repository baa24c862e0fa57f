-- Product pages, their server-rendered reviews and the category pages' star
-- badges (issue 14) all select one site's published reviews of some products.
CREATE INDEX reviews_site_product ON reviews (site, product, status);
