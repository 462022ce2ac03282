<?xml version="1.0"?>
<!--
  The "element" and "element/@attribute" pairs a domain document uses, each
  element named with its parent ("disk>target", "disk>target/@dev"), the
  form schema/subset.xsl's part=pairs lists the schema in
  (tests/check-schema-coverage.sh compares the two).
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:output method="text"/>
  <xsl:template match="/">
    <xsl:for-each select="//*[not(ancestor-or-self::metadata)] | //metadata">
      <xsl:variable name="ctx">
        <xsl:if test="parent::*">
          <xsl:value-of select="concat(name(..), '&gt;')"/>
        </xsl:if>
      </xsl:variable>
      <xsl:value-of select="concat($ctx, name(), '&#10;')"/>
      <xsl:for-each select="@*">
        <xsl:value-of select="concat($ctx, name(..), '/@', name(), '&#10;')"/>
      </xsl:for-each>
    </xsl:for-each>
  </xsl:template>
</xsl:stylesheet>
